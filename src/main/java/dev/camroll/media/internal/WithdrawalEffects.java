package dev.camroll.media.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.ConsentWithdrawn;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaId;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * What withdrawing a purpose takes back from a user's media. {@code location_analysis}: the stored positions are
 * erased in the withdrawal's own transaction. {@code original_retention}: the kept originals of media that have a
 * preview are deleted by a {@code drop-originals} job queued in that transaction (durable: store deletions may fail
 * and are retried). Both are idempotent.
 */
@Component
class WithdrawalEffects implements JobHandler<WithdrawalEffects.DropOriginals> {

    static final JobKind<DropOriginals> DROP_ORIGINALS = JobKind.of("drop-originals", DropOriginals.class);

    /** The payload of {@link #DROP_ORIGINALS}: originals of media stored until then go. */
    record DropOriginals(@Nullable Instant withdrawnAt) {}

    private static final Logger log = LoggerFactory.getLogger(WithdrawalEffects.class);

    private final MediaRows rows;

    private final JobQueue jobs;

    private final StoredMediaLibrary library;

    private final ConsentGate consent;

    private final Clock clock;

    WithdrawalEffects(MediaRows rows, JobQueue jobs, StoredMediaLibrary library, ConsentGate consent, Clock clock) {
        this.rows = rows;
        this.jobs = jobs;
        this.library = library;
        this.consent = consent;
        this.clock = clock;
    }

    /** In the withdrawal's transaction, which holds the user's lock: no analysis can store a position meanwhile. */
    @EventListener
    void withdrawn(ConsentWithdrawn withdrawn) {
        if (withdrawn.purpose() == Purpose.LOCATION_ANALYSIS) {
            int erased = rows.erasePositions(withdrawn.subject(), clock.instant());
            log.debug("Withdrawal {} erased the positions of {} media", withdrawn.eventId(), erased);
        } else if (withdrawn.purpose() == Purpose.ORIGINAL_RETENTION
                && consent.isGiven(withdrawn.subject(), Purpose.CLOUD_PROCESSING)) {
            // (After cloud_processing's withdrawal, a cascade, the purge deletes the originals with everything else.)
            jobs.enqueue(DROP_ORIGINALS, withdrawn.subject(), new DropOriginals(clock.instant()));
        }
    }

    @Override
    public JobKind<DropOriginals> kind() {
        return DROP_ORIGINALS;
    }

    /**
     * Deletes the originals kept of the media the user had when they withdrew original_retention, even if they gave it
     * again since (that starts from zero: it keeps the originals of media that come later).
     */
    @Override
    public void handle(Job job, DropOriginals payload) {
        Instant withdrawnAt = payload.withdrawnAt();
        Subject subject = job.subject();
        if (subject == null || withdrawnAt == null) {
            return;
        }
        List<MediaId> kept = rows.keptOriginals(subject, withdrawnAt);
        for (MediaId mediaId : kept) {
            library.deleteOriginal(subject, mediaId);
        }
        log.info("Deleted {} originals of {}, who withdrew original_retention", kept.size(), subject);
    }
}
