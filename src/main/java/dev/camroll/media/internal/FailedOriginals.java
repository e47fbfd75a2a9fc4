package dev.camroll.media.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaId;
import dev.camroll.runtime.LoopSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes the originals of media whose analysis failed once they have been kept for
 * {@code camroll.media.failed-original-retention} (time to analyse them again after a decoder fix), unless the user
 * gives {@code original_retention}: kept longer, they would be data held for no purpose. Every instance queues a
 * {@code drop-failed-originals} job hourly; the queue keeps one waiting, and a run that dies runs again (each deletion
 * is idempotent). {@code original_kept} records that an original is gone.
 */
@Component
class FailedOriginals implements JobHandler<JobKind.NoPayload> {

    static final JobKind<JobKind.NoPayload> DROP_FAILED_ORIGINALS =
            JobKind.of("drop-failed-originals", JobKind.NoPayload.class);

    private static final Logger log = LoggerFactory.getLogger(FailedOriginals.class);

    /** Media read per query, so a long backlog never loads at once. */
    private static final int PAGE = 500;

    private final MediaRows rows;

    private final JobQueue jobs;

    private final StoredMediaLibrary library;

    private final ConsentGate consent;

    private final MediaAnalysisSettings settings;

    private final TransactionTemplate transaction;

    private final Clock clock;

    private final LoopSupervisor loops;

    FailedOriginals(
            MediaRows rows,
            JobQueue jobs,
            StoredMediaLibrary library,
            ConsentGate consent,
            MediaAnalysisSettings settings,
            TransactionTemplate transaction,
            Clock clock,
            LoopSupervisor loops) {
        this.rows = rows;
        this.jobs = jobs;
        this.library = library;
        this.consent = consent;
        this.settings = settings;
        this.transaction = transaction;
        this.clock = clock;
        this.loops = loops;
    }

    /** Queues a sweep, unless one is waiting already. */
    @Scheduled(fixedDelayString = "PT1H", initialDelayString = "PT5M")
    void queueSweep() {
        loops.iterate(
                DROP_FAILED_ORIGINALS.type(),
                () -> transaction.executeWithoutResult(tx -> jobs.enqueue(
                        DROP_FAILED_ORIGINALS,
                        null,
                        new JobKind.NoPayload(),
                        JobOptions.defaults().withDedupeKey(DROP_FAILED_ORIGINALS.type()))));
    }

    @Override
    public JobKind<JobKind.NoPayload> kind() {
        return DROP_FAILED_ORIGINALS;
    }

    @Override
    public void handle(Job job, JobKind.NoPayload none) {
        Instant failedBefore = clock.instant().minus(settings.failedOriginalRetention());
        Map<Subject, Boolean> keepsOriginals = new HashMap<>();
        int deleted = 0;
        MediaId after = null;
        List<MediaRows.Owner> page;
        do {
            page = rows.failedWithOriginal(failedBefore, after, PAGE);
            for (MediaRows.Owner media : page) {
                if (!keepsOriginals.computeIfAbsent(
                                media.subject(), subject -> consent.isGiven(subject, Purpose.ORIGINAL_RETENTION))
                        && deleteOriginal(media)) {
                    deleted++;
                }
            }
            after = page.isEmpty() ? null : page.get(page.size() - 1).mediaId();
        } while (page.size() == PAGE);
        if (deleted > 0) {
            log.info("Deleted the originals of {} media whose analysis failed before {}", deleted, failedBefore);
        }
    }

    /**
     * Under the media's row lock, so an operator's retry (which sets the media back to stored) either comes first and
     * keeps the original, or waits and finds it gone. Should the commit fail after the object is deleted, the row
     * still names the original, and the next sweep deletes it again and records it.
     */
    private boolean deleteOriginal(MediaRows.Owner media) {
        return Boolean.TRUE.equals(transaction.execute(tx -> {
            boolean still = rows.lockFailedWithOriginal(media.mediaId());
            if (still) {
                library.deleteOriginal(media.subject(), media.mediaId());
            }
            return still;
        }));
    }
}
