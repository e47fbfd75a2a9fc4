package dev.camroll.sync.internal;

import java.util.UUID;

import dev.camroll.api.Ids;

/** The id of a batch manifest, so it is not mixed up with the media and upload ids its lines carry. */
record BatchId(UUID value) {

    static BatchId newId() {
        return new BatchId(Ids.newId());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
