package dev.camroll.storage;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A module whose rows refer to objects in the store (media originals and previews, rendered images, staged upload
 * bytes). The reconciler asks every owner before it deletes an object as orphaned, so it needs no knowledge of their
 * tables; a module that starts keeping objects must implement it, or the reconciler deletes them once they are older
 * than its grace period.
 */
public interface ObjectOwner {

    /** A lower-case UUID in a key, as a regular expression group. */
    String ID = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})";

    /** The ids that the keys matching {@code key} (a pattern whose first group is an {@link #ID}) carry. */
    static Set<UUID> idsIn(Collection<String> keys, Pattern key) {
        Set<UUID> ids = new HashSet<>();
        for (String candidate : keys) {
            Matcher matcher = key.matcher(candidate);
            if (matcher.matches()) {
                ids.add(UUID.fromString(matcher.group(1)));
            }
        }
        return ids;
    }

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
