package dev.camroll.upload;

import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.camroll.consent.ConsentWithdrawn;
import dev.camroll.consent.Purpose;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;

import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Ends uploads that may not go on and removes their bytes: when {@code cloud_processing} is withdrawn (in the
 * withdrawal's own transaction, the bytes right after it commits) and when they expire (tus expiration). The
 * bytes of every ended upload are removed by a sweep that runs on every instance, so a removal that failed (the
 * store was down, the instance died) is retried until it succeeds.
 */
@Component
class UploadCleaner {

    private static final Logger log = LoggerFactory.getLogger(UploadCleaner.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final int BATCH = 100;

    private final UploadRows rows;

    private final ObjectStore store;

    UploadCleaner(UploadRows rows, ObjectStore store) {
        this.rows = rows;
        this.store = store;
    }

    /** In the withdrawal's transaction: no upload of the user goes on from here. */
    @EventListener
    void cancelUploads(ConsentWithdrawn withdrawn) {
        if (withdrawn.purpose() == Purpose.CLOUD_PROCESSING) {
            int cancelled = rows.cancelAllOf(withdrawn.subject());
            log.debug("Withdrawal {} cancelled {} uploads", withdrawn.eventId(), cancelled);
        }
    }

    /** Once the withdrawal has committed: its staged bytes go at once. */
    @TransactionalEventListener
    void removeBytesOfCancelledUploads(ConsentWithdrawn withdrawn) {
        if (withdrawn.purpose() == Purpose.CLOUD_PROCESSING) {
            removeStagedBytes(withdrawn.subject());
        }
    }

    /** tus expiration: incomplete uploads past their expiry end, and every ended upload's bytes go. */
    @Scheduled(fixedDelayString = "${camroll.upload.sweep-interval:60s}", initialDelayString = "${camroll.upload.sweep-interval:60s}")
    void sweep() {
        int expired = rows.expire();
        if (expired > 0) {
            log.info("{} uploads expired", expired);
        }
        removeStagedBytes(null);
    }

    /** Removes the staged bytes of ended uploads (of one user, or of everyone when {@code subject} is null). */
    void removeStagedBytes(String subject) {
        List<Object[]> ended;
        do {
            ended = rows.withStagedBytesToRemove(subject, BATCH);
            for (Object[] upload : ended) {
                UUID uploadId = (UUID) upload[0];
                String staging = (String) upload[1];
                try {
                    store.staging().discard(JSON.readValue(staging, StagedState.class));
                    rows.stagedBytesRemoved(uploadId, staging);
                }
                catch (RuntimeException e) {
                    log.warn("Could not remove the bytes of upload {} yet; the next sweep retries", uploadId, e);
                    return;
                }
            }
        }
        while (ended.size() == BATCH);
    }
}
