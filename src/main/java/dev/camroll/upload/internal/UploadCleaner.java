package dev.camroll.upload.internal;

import java.util.List;

import dev.camroll.consent.ConsentWithdrawn;
import dev.camroll.consent.Purpose;
import dev.camroll.runtime.LoopSupervisor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Ends uploads that may not go on and removes their bytes: when {@code cloud_processing} is withdrawn (in the
 * withdrawal's own transaction, the bytes right after it commits) and when they expire (tus expiration). A sweep on
 * every instance removes the bytes of every ended upload until the store confirms, and completes uploads whose last
 * byte arrived on an instance that died before completing them.
 */
@Component
class UploadCleaner {

    private static final Logger log = LoggerFactory.getLogger(UploadCleaner.class);

    private static final int BATCH = 100;

    private static final int MAX_BATCHES = 50;

    static final String LOOP = "upload-sweep";

    private final UploadRows rows;

    private final StagedBytes bytes;

    private final UploadReceiver receiver;

    private final LoopSupervisor loops;

    UploadCleaner(UploadRows rows, StagedBytes bytes, UploadReceiver receiver, LoopSupervisor loops) {
        this.rows = rows;
        this.bytes = bytes;
        this.receiver = receiver;
        this.loops = loops;
    }

    /** In the withdrawal's transaction: no upload of the user goes on from here. */
    @EventListener
    void cancelUploads(ConsentWithdrawn withdrawn) {
        if (withdrawn.purpose() == Purpose.CLOUD_PROCESSING) {
            int cancelled = rows.cancelAllOf(withdrawn.subject().value());
            log.debug("Withdrawal {} cancelled {} uploads", withdrawn.eventId(), cancelled);
        }
    }

    /** Once the withdrawal has committed: its staged bytes go at once. */
    @TransactionalEventListener
    void removeBytesOfCancelledUploads(ConsentWithdrawn withdrawn) {
        if (withdrawn.purpose() == Purpose.CLOUD_PROCESSING) {
            removeStagedBytes(withdrawn.subject().value());
        }
    }

    /** The {@link #sweep} of every {@code sweep-interval}, under the supervisor (named and counted when it fails). */
    @Scheduled(
            fixedDelayString = "${camroll.upload.sweep-interval:60s}",
            initialDelayString = "${camroll.upload.sweep-interval:60s}")
    void sweepOnSchedule() {
        loops.iterate(LOOP, this::sweep);
    }

    /** tus expiration, completion of stranded uploads, and removal of every ended upload's bytes. */
    void sweep() {
        for (UploadRecord stranded : rows.arrivedButNotCompleted(BATCH)) {
            try {
                receiver.completeStranded(stranded);
            } catch (RuntimeException e) {
                log.warn("Upload {} arrived but could not be completed yet: {}", stranded.uploadId(), e.getMessage());
            }
        }
        int expired = rows.expire();
        if (expired > 0) {
            log.info("{} uploads expired", expired);
        }
        removeStagedBytes(null);
    }

    /** Removes the staged bytes of ended uploads (of one user, or of everyone when {@code subject} is null). */
    void removeStagedBytes(@Nullable String subject) {
        for (int batch = 0; batch < MAX_BATCHES; batch++) {
            List<UploadRows.StagedToRemove> ended = rows.withStagedBytesToRemove(subject, BATCH);
            int removed = 0;
            for (UploadRows.StagedToRemove upload : ended) {
                if (bytes.remove(upload.uploadId(), upload.staging())) {
                    removed++;
                }
            }
            // A row the store keeps refusing stays for the next sweep; it does not hold up the others.
            if (ended.size() < BATCH || removed == 0) {
                return;
            }
        }
    }
}
