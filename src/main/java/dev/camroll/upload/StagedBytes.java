package dev.camroll.upload;

import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;

import org.springframework.stereotype.Component;

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

    static String json(StagedState state) {
        return JSON.writeValueAsString(state);
    }

    static StagedState state(String json) {
        return JSON.readValue(json, StagedState.class);
    }

    /** True once the bytes are gone and the row says so. */
    boolean remove(UUID uploadId, String staging) {
        try {
            store.staging().discard(state(staging));
            rows.stagedBytesRemoved(uploadId, staging);
            return true;
        }
        catch (RuntimeException e) {
            log.warn("Could not remove the bytes of upload {} yet; the next sweep retries", uploadId, e);
            return false;
        }
    }
}
