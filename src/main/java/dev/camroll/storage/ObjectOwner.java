package dev.camroll.storage;

import java.util.Collection;
import java.util.Set;

/**
 * A module whose rows refer to objects in the store (media originals and previews, rendered images, staged upload
 * bytes). The reconciler asks every owner before it deletes an object as orphaned, so it needs no knowledge of their
 * tables; a module that starts keeping objects must implement it, or the reconciler deletes them once they are older
 * than its grace period.
 */
public interface ObjectOwner {

    /** Of these keys of stored objects, the ones this module's rows refer to now. */
    Set<String> owned(Collection<String> keys);

    /**
     * Of these keys that unfinished uploads ({@link Staging.UnfinishedUpload}, S3 multipart uploads) target, the ones
     * this module is still staging bytes to.
     */
    default Set<String> stagedTo(Collection<String> keys) {
        return Set.of();
    }
}
