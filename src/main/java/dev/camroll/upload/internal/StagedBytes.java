package dev.camroll.upload.internal;

import java.util.Optional;

import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;
import dev.camroll.upload.UploadId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Removes the bytes of an ended upload: what is staged and anything already at its final key. The row keeps the
 * staging state until the store has confirmed, so a failed removal is retried by the next sweep.
 */
@Component
class StagedBytes {

    private static final Logger log = LoggerFactory.getLogger(StagedBytes.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final UploadRows rows;

    private final ObjectStore store;

    StagedBytes(UploadRows rows, ObjectStore store) {
        this.rows = rows;
        this.store = store;
    }

    /** Where an upload's bytes are staged until it completes. */
    static String stagingKey(UploadId uploadId) {
        return "staging/" + uploadId;
    }

    static String json(StagedState state) {
        return JSON.writeValueAsString(state);
    }

    static StagedState state(String json) {
        return JSON.readValue(json, StagedState.class);
    }

    /**
     * A writer that found its upload ended (withdrawn, terminated, expired, or purged with its row) removes what it
     * staged itself: whoever ended the upload may have removed an older state before these bytes arrived, and the
     * purge may be over, so nobody else would. While the row is there it keeps this state until the store confirms,
     * so a failed removal is retried by the sweep. A completed upload's final object is the user's media and is never
     * touched (what a late writer staged for it is left to the reconciler).
     *
     * @return whether the upload has ended; false when it is still open, and nothing was removed
     */
    boolean removeIfEnded(UploadId uploadId, String subject, String staging) {
        Optional<UploadRecord> now = rows.find(uploadId, subject);
        if (now.isPresent() && (now.get().isOpen() || now.get().isComplete())) {
            return !now.get().isOpen();
        }
        rows.leaveForRemoval(uploadId, staging);
        remove(uploadId, staging);
        return true;
    }

    /** True once the bytes are gone and the row says so. */
    boolean remove(UploadId uploadId, String staging) {
        try {
            store.staging().discard(state(staging));
            rows.stagedBytesRemoved(uploadId, staging);
            return true;
        } catch (RuntimeException e) {
            log.warn("Could not remove the bytes of upload {} yet; the next sweep retries", uploadId, e);
            return false;
        }
    }
}
