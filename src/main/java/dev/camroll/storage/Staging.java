package dev.camroll.storage;

import java.io.InputStream;
import java.time.Instant;
import java.util.List;

/**
 * Resumable uploads (tus) that continue on any instance: each call takes the {@link StagedState} the previous one
 * returned, and the caller keeps it in its database. Bytes stay under {@code staging/} until {@link #complete}
 * moves them to the final key.
 * <p>
 * The caller must serialise calls on one staging (one append at a time, and no append racing a complete or a
 * discard), for example by holding a lease on the upload's row; two appends from the same state must never run
 * at once. An append from a state older than the staged bytes (an append whose new state was never stored)
 * is fine: the bytes beyond the given state's length are dropped and replaced.
 */
public interface Staging {

    /**
     * Starts an empty staging at {@code stagingKey} (which must start with {@code staging/}) for an object that
     * will live at {@code finalKey}; beginning again at the same staging key starts over.
     */
    StagedState begin(String stagingKey, String finalKey);

    /**
     * Appends everything {@code content} yields until its end and returns once those bytes are durable; a source
     * that fails midway is not an error here: the bytes read before the failure are kept and the result carries
     * the exception.
     *
     * @throws ObjectNotFoundException when the staged bytes are found gone (discarded, expired, or fewer than the
     *     state says); an adapter cannot notice in every case, so the caller's own record of a discarded upload
     *     comes first
     * @throws java.io.UncheckedIOException when the store fails; {@code state} then still describes what is
     *     staged, and the bytes of this call are not (the client sends them again)
     */
    AppendResult append(StagedState state, InputStream content);

    /**
     * Makes the staged bytes the object at the final key and removes the staging; completing an already completed
     * staging again succeeds.
     *
     * @throws ObjectNotFoundException when the staged bytes are gone
     */
    ObjectInfo complete(StagedState state);

    /**
     * Removes every byte of this staging, whatever state it is in: the staged bytes and anything at its final key
     * (use it before the object is handed over, e.g. on expiry, a content mismatch or a consent withdrawal).
     */
    void discard(StagedState state);

    /**
     * Removes every byte ever staged at {@code stagingKey} for {@code finalKey} and anything at the final key, without
     * a state: for bytes no recorded state may name (a writer that staged them after its upload ended, or died before
     * recording them). On S3 this aborts every unfinished multipart upload to the final key.
     */
    void discard(String stagingKey, String finalKey);

    /**
     * The unfinished uploads (S3 multipart uploads, which hold bytes no listing of objects shows) to keys that start
     * with {@code prefix}; none on a store that keeps staged bytes as objects.
     *
     * @throws java.io.UncheckedIOException when the store cannot list them by prefix (MinIO lists them by exact key
     *     only)
     */
    List<UnfinishedUpload> unfinished(String prefix);

    /** Aborts an unfinished upload, dropping its bytes; one that is gone already is no error. */
    void abort(UnfinishedUpload upload);

    /**
     * An upload a staging began and never completed or aborted.
     *
     * @param key the final key it targets
     * @param uploadId the store's id of the upload
     * @param initiated when it began, by the store's clock
     */
    record UnfinishedUpload(String key, String uploadId, Instant initiated) {}

    /** The largest staging this store can complete, in bytes. */
    long maxLength();
}
