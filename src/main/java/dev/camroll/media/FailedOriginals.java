package dev.camroll.media;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.runtime.LoopSupervisor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
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

    private record Failed(UUID mediaId, String subject) {}

    private final JdbcClient jdbc;

    private final JobQueue jobs;

    private final MediaLibrary library;

    private final ConsentGate consent;

    private final MediaAnalysisSettings settings;

    private final TransactionTemplate transaction;

    private final Clock clock;

    private final LoopSupervisor loops;

    FailedOriginals(
            JdbcClient jdbc,
            JobQueue jobs,
            MediaLibrary library,
            ConsentGate consent,
            MediaAnalysisSettings settings,
            TransactionTemplate transaction,
            Clock clock,
            LoopSupervisor loops) {
        this.jdbc = jdbc;
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
        Timestamp failedBefore = Timestamp.from(clock.instant().minus(settings.failedOriginalRetention()));
        Map<String, Boolean> keepsOriginals = new HashMap<>();
        int deleted = 0;
        UUID after = null;
        List<Failed> page;
        do {
            page = jdbc.sql("""
                    SELECT media_id, subject FROM media
                    WHERE state = 'failed' AND original_kept AND analyzed_at < ?
                        AND (CAST(? AS uuid) IS NULL OR media_id > ?)
                    ORDER BY media_id LIMIT ?
                    """)
                    .params(failedBefore, after, after, PAGE)
                    .query((rs, n) -> new Failed(rs.getObject(1, UUID.class), rs.getString(2)))
                    .list();
            for (Failed media : page) {
                if (!keepsOriginals.computeIfAbsent(
                                media.subject(),
                                subject -> consent.isGiven(Subject.of(subject), Purpose.ORIGINAL_RETENTION))
                        && deleteOriginal(media)) {
                    deleted++;
                }
            }
            after = page.isEmpty() ? null : page.get(page.size() - 1).mediaId();
        } while (page.size() == PAGE);
        if (deleted > 0) {
            log.info(
                    "Deleted the originals of {} media whose analysis failed before {}",
                    deleted,
                    Instant.ofEpochMilli(failedBefore.getTime()));
        }
    }

    /**
     * Under the media's row lock, so an operator's retry (which sets the media back to stored) either comes first and
     * keeps the original, or waits and finds it gone. Should the commit fail after the object is deleted, the row
     * still names the original, and the next sweep deletes it again and records it.
     */
    private boolean deleteOriginal(Failed media) {
        return Boolean.TRUE.equals(transaction.execute(tx -> {
            boolean still = jdbc.sql("""
                    SELECT media_id FROM media WHERE media_id = ? AND state = 'failed' AND original_kept FOR UPDATE
                    """)
                    .param(media.mediaId())
                    .query(UUID.class)
                    .optional()
                    .isPresent();
            if (still) {
                library.deleteOriginal(media.subject(), media.mediaId());
            }
            return still;
        }));
    }
}
