package dev.camroll.storage.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

import dev.camroll.storage.ObjectInfo;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.Staging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Error;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Objects in one bucket of any S3-compatible service (AWS S3, MinIO, ...), through the AWS SDK v2. Every call is
 * one or a few S3 requests; nothing is cached, so any number of instances share the bucket.
 */
final class S3ObjectStore implements ObjectStore {

    private static final Logger log = LoggerFactory.getLogger(S3ObjectStore.class);

    /** DeleteObjects takes at most 1,000 keys per request; ListObjectsV2 pages hold as many. */
    static final int BATCH = 1000;

    private final S3Client s3;

    private final String bucket;

    private final int batchSize;

    private final S3Staging staging;

    S3ObjectStore(S3Client s3, String bucket) {
        this(s3, bucket, BATCH);
    }

    /** With smaller batches, for tests that go through several without creating thousands of objects. */
    S3ObjectStore(S3Client s3, String bucket, int batchSize) {
        this.s3 = s3;
        this.bucket = bucket;
        this.batchSize = batchSize;
        this.staging = new S3Staging(this, s3, bucket, S3Staging.PART_SIZE);
    }

    @Override
    public void put(String key, InputStream content, long length) {
        ObjectKeys.requireKey(key);
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        // Streams with the length known up front: the SDK sends it as Content-Length and never buffers the body
        // beyond its small retry window. A PUT is atomic in S3: a stream that fails stores nothing.
        SourceStream source = new SourceStream(content);
        try {
            s3.putObject(
                    b -> b.bucket(bucket).key(key).contentLength(length), RequestBody.fromInputStream(source, length));
        } catch (RuntimeException e) {
            // The SDK reports a broken or short source in its own words (often an IllegalStateException when it
            // cannot rewind the stream for a retry); name the source's failure instead.
            if (source.failure != null) {
                throw new UncheckedIOException("cannot store " + key + ": its content broke off", source.failure);
            }
            if (source.endedBefore(length)) {
                throw new UncheckedIOException(
                        new IOException("cannot store " + key + ": its content ended before " + length + " bytes", e));
            }
            if (e instanceof SdkException sdk) {
                throw failure("store " + key, sdk);
            }
            throw e;
        }
    }

    @Override
    public InputStream get(String key) {
        ObjectKeys.requireKey(key);
        try {
            return s3.getObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(key);
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        ObjectKeys.requireKey(key);
        try {
            HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key(key));
            return Optional.of(new ObjectInfo(key, head.contentLength()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            // HEAD answers have no body, so some services' 404 does not become NoSuchKeyException.
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read " + key, e);
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        ObjectKeys.requireKey(key);
        call("delete " + key, () -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
    }

    @Override
    public List<String> deleteByPrefix(String prefix, Consumer<List<String>> beforeDeleting) {
        ObjectKeys.requirePrefix(prefix, false);
        // Unfinished multipart uploads hold bytes too, invisible to listings: a purge aborts them first. (MinIO
        // lists uploads by exact key only and finds none here; Staging.discard names the exact key.)
        abortUploadsQuietly(prefix, null);
        return deleteObjectsUnder(prefix, beforeDeleting);
    }

    /** Deletes the objects under {@code prefix} in batches and returns their keys, sorted. */
    List<String> deleteObjectsUnder(String prefix) {
        return deleteObjectsUnder(prefix, keys -> {});
    }

    /**
     * Deletes the objects under {@code prefix} a listed page at a time, telling {@code beforeDeleting} each page's
     * keys first, and returns their keys, sorted.
     */
    List<String> deleteObjectsUnder(String prefix, Consumer<List<String>> beforeDeleting) {
        // The paginator fetches each page as the loop asks for it, so the whole loop is one call: a failed page is
        // an UncheckedIOException too.
        return call("delete under " + prefix, () -> deletePagesUnder(prefix, beforeDeleting));
    }

    private List<String> deletePagesUnder(String prefix, Consumer<List<String>> beforeDeleting) {
        List<String> deleted = new ArrayList<>();
        for (ListObjectsV2Response page :
                s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).maxKeys(batchSize))) {
            List<ObjectIdentifier> batch = page.contents().stream()
                    .map(object -> ObjectIdentifier.builder().key(object.key()).build())
                    .toList();
            if (batch.isEmpty()) {
                continue;
            }
            beforeDeleting.accept(batch.stream().map(ObjectIdentifier::key).toList());
            DeleteObjectsResponse response = call(
                    "delete under " + prefix,
                    () -> s3.deleteObjects(
                            b -> b.bucket(bucket).delete(d -> d.objects(batch).quiet(true))));
            if (!response.errors().isEmpty()) {
                S3Error first = response.errors().get(0);
                throw new UncheckedIOException(new IOException(
                        "S3 refused to delete " + response.errors().size()
                                + " objects under " + prefix + ", e.g. " + first.key() + ": " + first.code() + " "
                                + first.message()));
            }
            batch.forEach(id -> deleted.add(id.key()));
        }
        deleted.sort(null);
        return deleted;
    }

    @Override
    public List<String> list(String prefix) {
        ObjectKeys.requirePrefix(prefix, true);
        List<String> keys = call("list " + prefix, () -> {
            List<String> found = new ArrayList<>();
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).maxKeys(batchSize))
                    .contents()
                    .forEach((S3Object object) -> found.add(object.key()));
            return found;
        });
        keys.sort(null);
        return keys;
    }

    @Override
    public void scan(String prefix, Consumer<List<ListedObject>> page) {
        ObjectKeys.requirePrefix(prefix, true);
        // The paginator fetches each page as the loop asks for it; a page's objects may be deleted before the next
        // is fetched, as the continuation names the last key listed, not a position.
        call("list " + prefix, () -> {
            for (ListObjectsV2Response listed : s3.listObjectsV2Paginator(b ->
                    b.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix).maxKeys(batchSize))) {
                List<ListedObject> objects = listed.contents().stream()
                        .map(object -> new ListedObject(object.key(), object.lastModified()))
                        .toList();
                if (!objects.isEmpty()) {
                    page.accept(objects);
                }
            }
            return null;
        });
    }

    @Override
    public Staging staging() {
        return staging;
    }

    /**
     * Aborts the unfinished multipart uploads whose key starts with {@code prefix}, or (with {@code exactKey})
     * whose key is exactly that key. A backstop for uploads no state knows of: a service that cannot list
     * uploads this way is logged, not an error, and its own expiry of stale uploads applies.
     */
    void abortUploadsQuietly(String prefix, String exactKey) {
        try {
            abortUploads(prefix, exactKey);
        } catch (UncheckedIOException e) {
            log.warn(
                    "Could not look for unfinished uploads under {} in bucket {}: {}",
                    prefix,
                    bucket,
                    e.getCause().getMessage());
        }
    }

    private void abortUploads(String prefix, String exactKey) {
        for (Staging.UnfinishedUpload upload : unfinishedUploads(prefix)) {
            if (exactKey == null || exactKey.equals(upload.key())) {
                abortUpload(upload.key(), upload.uploadId());
            }
        }
    }

    /** The unfinished multipart uploads whose key starts with {@code prefix} (empty: all). */
    List<Staging.UnfinishedUpload> unfinishedUploads(String prefix) {
        return call("list uploads under " + prefix, () -> {
            List<Staging.UnfinishedUpload> found = new ArrayList<>();
            s3.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(prefix.isEmpty() ? null : prefix))
                    .uploads()
                    .forEach((MultipartUpload upload) -> found.add(
                            new Staging.UnfinishedUpload(upload.key(), upload.uploadId(), upload.initiated())));
            return found;
        });
    }

    /** Aborts one multipart upload; one that is gone already is no error. */
    void abortUpload(String key, String uploadId) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
        } catch (NoSuchUploadException e) {
            // Aborted or completed already.
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw failure("abort the upload to " + key, e);
            }
        } catch (SdkException e) {
            throw failure("abort the upload to " + key, e);
        }
    }

    /** Runs one S3 call, turning the SDK's failures into the port's {@link UncheckedIOException}. */
    static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw failure(what, e);
        }
    }

    static UncheckedIOException failure(String what, SdkException e) {
        return new UncheckedIOException(new IOException("cannot " + what + ": " + e.getMessage(), e));
    }

    /** Remembers whether the caller's stream failed or ended, which the SDK's exceptions do not tell reliably. */
    private static final class SourceStream extends FilterInputStream {

        private IOException failure;

        private boolean ended;

        private long read;

        SourceStream(InputStream in) {
            super(in);
        }

        /** Whether the stream ended before {@code length} bytes (a retry's rewind makes this answer false). */
        boolean endedBefore(long length) {
            return ended && read < length;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = super.read();
                ended |= b < 0;
                read += b < 0 ? 0 : 1;
                return b;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            try {
                int n = super.read(buffer, offset, length);
                ended |= n < 0;
                read += Math.max(n, 0);
                return n;
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }
}
