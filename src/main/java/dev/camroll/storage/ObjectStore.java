package dev.camroll.storage;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where camroll keeps bytes: objects under keys such as {@code u/{userKey}/original/{mediaId}}.
 * <p>
 * Keys are 1 to 1024 characters of {@code [A-Za-z0-9._/-]} without {@code ..}, in {@code /}-separated segments
 * of 1 to 255 characters other than {@code .}, with no leading or trailing {@code /}; anything else is an
 * {@link IllegalArgumentException}. A prefix follows the same rules but may end with {@code /}; it matches keys
 * as a plain string prefix, as in S3 ({@code u/ab} matches {@code u/abc/x}), so end it with {@code /} to mean
 * one folder.
 * <p>
 * A failure of the backing store (disk, network, S3 error) is an {@link java.io.UncheckedIOException}.
 * Implementations are safe for concurrent use; writes of one key race like S3 writes (the last one wins).
 */
public interface ObjectStore {

    /**
     * Stores exactly {@code length} bytes read from {@code content} under {@code key}, replacing any object
     * there; the content is streamed, and a stream that fails or ends early stores nothing.
     */
    void put(String key, InputStream content, long length);

    /** Opens the object at {@code key} for reading (the caller closes the stream). */
    InputStream get(String key) throws ObjectNotFoundException;

    /**
     * The file that holds the object at {@code key}, when this store keeps objects as local files and the object
     * exists; empty otherwise (then {@link #get} is the way to the bytes). For tools that read files (image decoders,
     * {@code heif-convert}) without a copy. Read only: writing, moving or deleting it bypasses the store.
     */
    default Optional<Path> localFile(String key) {
        return Optional.empty();
    }

    /** The size of the object at {@code key}, or empty when there is none. */
    Optional<ObjectInfo> head(String key);

    /** Deletes the object at {@code key}; deleting an absent object is no error. */
    void delete(String key);

    /**
     * Deletes every object whose key starts with {@code prefix} (which must not be empty) and returns their keys,
     * sorted. Unfinished stagings are not objects: {@link Staging#discard} removes them (on S3 this also aborts the
     * multipart uploads to keys under the prefix, where the service can list them by prefix).
     */
    default List<String> deleteByPrefix(String prefix) {
        return deleteByPrefix(prefix, keys -> {});
    }

    /**
     * {@link #deleteByPrefix(String)} in one pass over the listing, telling {@code beforeDeleting} each batch of keys
     * (at most {@value #DELETE_BATCH}) before that batch is deleted: for a caller that must record what it deletes (a
     * purge) without listing everything first. If {@code beforeDeleting} throws, the deletion stops there; the
     * batches told before are deleted.
     */
    List<String> deleteByPrefix(String prefix, Consumer<List<String>> beforeDeleting);

    /** The most keys one batch of {@link #deleteByPrefix(String, Consumer)} has (S3's DeleteObjects takes 1,000). */
    int DELETE_BATCH = 1000;

    /** The keys of all objects that start with {@code prefix} (empty: all keys), sorted. */
    List<String> list(String prefix);

    /**
     * Tells {@code page} the objects whose key starts with {@code prefix} (empty: all) with when each was last
     * written, a page of at most {@value #DELETE_BATCH} at a time in key order: for a pass over a whole store (the
     * reconciler) that must not hold its listing in memory. Objects of the page may be deleted before the next.
     */
    void scan(String prefix, Consumer<List<ListedObject>> page);

    /**
     * An object as a listing shows it.
     *
     * @param key the object's key
     * @param modified when it was last written, by the store's clock
     */
    record ListedObject(String key, Instant modified) {}

    /** Resumable uploads into this store, staged under {@code staging/} until they are complete. */
    Staging staging();
}
