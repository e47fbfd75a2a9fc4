package dev.camroll.privacy.internal;

import java.util.Objects;
import java.util.UUID;

import dev.camroll.api.Ids;

/** A purge of one user's data ({@code purges.purge_id}). */
record PurgeId(UUID value) {

    PurgeId {
        Objects.requireNonNull(value, "value");
    }

    /** A new, time-ordered id. */
    static PurgeId next() {
        return new PurgeId(Ids.newId());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
