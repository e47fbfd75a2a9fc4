package dev.camroll.storage.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.camroll.storage.AppendResult;
import dev.camroll.storage.ObjectInfo;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.StagedState;
import dev.camroll.storage.Staging;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Staging on S3 (see docs/decisions/0003-upload-staging.md): full parts of {@value #PART_SIZE} bytes go into a
 * multipart upload that targets the final key, created when the first part is full; the bytes that do not fill a
 * part yet (S3 wants at least 5 MiB per part except the last) live in a tail object under
 * {@code {stagingKey}/tail-NNNNN}, numbered by how many parts precede it. The state holds the upload id and the
 * parts' ETags; nothing is kept on the instance.
 * <p>
 * Why the tail's name carries the part count: an append whose new state was never stored (a crash) may have
 * uploaded a part and written the next tail. The stored, older state still names its own tail, which that append
 * left untouched (it only ever rewrites a tail with content that begins with the tail's old bytes), and re-uploads
 * the part under the same number, which replaces it. So an older state always continues correctly.
 */
final class S3Staging implements Staging {

    /** 5 MiB, S3's smallest part: it bounds the memory of one append, and allows 10,000 x 5 MiB (~48.8 GiB). */
    static final int PART_SIZE = 5 * 1024 * 1024;

    /** S3's limit of parts per multipart upload. */
    static final int MAX_PARTS = 10_000;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final S3ObjectStore store;

    private final S3Client s3;

    private final String bucket;

    private final int partSize;

    S3Staging(S3ObjectStore store, S3Client s3, String bucket, int partSize) {
        this.store = store;
        this.s3 = s3;
        this.bucket = bucket;
        this.partSize = partSize;
    }

    @Override
    public StagedState begin(String stagingKey, String finalKey) {
        ObjectKeys.requireStagingKey(stagingKey);
        ObjectKeys.requireFinalKey(finalKey);
        // Starting over at a staging key that was used before: its old tails must not be mistaken for ours, and a
        // multipart upload an earlier attempt began for the same object must not be left behind.
        store.deleteObjectsUnder(stagingKey + "/");
        store.abortUploadsQuietly(finalKey, finalKey);
        return new StagedState(stagingKey, finalKey, 0, new Backend(null, partSize, List.of()).json());
    }

    @Override
    public AppendResult append(StagedState state, InputStream content) {
        Backend backend = Backend.of(state);
        byte[] buffer = new byte[backend.partSize()];
        int fill = readTail(state, backend, buffer);
        List<String> etags = new ArrayList<>(backend.etags());
        String uploadId = backend.uploadId();
        long appended = 0;
        IOException sourceFailure = null;
        while (true) {
            int read;
            try {
                read = content.read(buffer, fill, buffer.length - fill);
            } catch (IOException e) {
                // tus 1.0.0 (core protocol, PATCH): "The Server SHOULD always attempt to store as much of the
                // received data as possible." The bytes read so far become part or tail below and are counted.
                sourceFailure = e;
                break;
            }
            if (read < 0) {
                break;
            }
            fill += read;
            appended += read;
            if (state.length() + appended > maxLength(backend)) {
                throw new IllegalArgumentException("a staging holds at most " + maxLength(backend) + " bytes");
            }
            if (fill == buffer.length) {
                if (uploadId == null) {
                    uploadId = createUpload(state.finalKey());
                }
                etags.add(uploadPart(state, uploadId, etags.size() + 1, buffer, fill));
                fill = 0;
            }
        }
        if (appended == 0) {
            return new AppendResult(state, 0, sourceFailure);
        }
        if (fill > 0) {
            putTail(state.stagingKey(), etags.size(), buffer, fill);
        }
        StagedState next = new StagedState(
                state.stagingKey(),
                state.finalKey(),
                state.length() + appended,
                new Backend(uploadId, backend.partSize(), etags).json());
        return new AppendResult(next, appended, sourceFailure);
    }

    @Override
    public ObjectInfo complete(StagedState state) {
        Backend backend = Backend.of(state);
        ObjectInfo done = new ObjectInfo(state.finalKey(), state.length());
        try {
            byte[] tail = new byte[(int) backend.tailLength(state)];
            readTail(state, backend, tail);
            if (backend.uploadId() == null) {
                // Never filled a part: one PUT of the tail, no multipart upload needed.
                S3ObjectStore.call(
                        "store " + state.finalKey(),
                        () -> s3.putObject(
                                b -> b.bucket(bucket).key(state.finalKey()).contentLength((long) tail.length),
                                body(tail, tail.length)));
            } else {
                List<CompletedPart> parts = new ArrayList<>();
                for (int i = 0; i < backend.etags().size(); i++) {
                    parts.add(CompletedPart.builder()
                            .partNumber(i + 1)
                            .eTag(backend.etags().get(i))
                            .build());
                }
                if (tail.length > 0) {
                    int last = parts.size() + 1;
                    parts.add(CompletedPart.builder()
                            .partNumber(last)
                            .eTag(uploadPart(state, backend.uploadId(), last, tail, tail.length))
                            .build());
                }
                completeUpload(state, backend.uploadId(), parts);
            }
        } catch (ObjectNotFoundException gone) {
            // Completed before (the caller may not have recorded it): the same answer again.
            Optional<ObjectInfo> there = store.head(state.finalKey());
            if (there.isEmpty() || there.get().size() != state.length()) {
                throw gone;
            }
        }
        store.deleteObjectsUnder(state.stagingKey() + "/");
        store.abortUploadsQuietly(state.finalKey(), state.finalKey()); // any earlier attempt's, never completed
        return done;
    }

    @Override
    public void discard(StagedState state) {
        Backend backend = Backend.of(state);
        if (backend.uploadId() != null) {
            store.abortUpload(state.finalKey(), backend.uploadId());
        }
        discard(state.stagingKey(), state.finalKey());
    }

    @Override
    public void discard(String stagingKey, String finalKey) {
        ObjectKeys.requireStagingKey(stagingKey);
        ObjectKeys.requireFinalKey(finalKey);
        // Uploads begun by appends whose state was never stored (a crash, a writer whose upload ended) target the
        // same key; listed by that exact key, which MinIO supports too.
        store.abortUploadsQuietly(finalKey, finalKey);
        store.deleteObjectsUnder(stagingKey + "/");
        store.delete(finalKey);
    }

    @Override
    public List<UnfinishedUpload> unfinished(String prefix) {
        ObjectKeys.requirePrefix(prefix, true);
        return store.unfinishedUploads(prefix);
    }

    @Override
    public void abort(UnfinishedUpload upload) {
        store.abortUpload(ObjectKeys.requireFinalKey(upload.key()), upload.uploadId());
    }

    @Override
    public long maxLength() {
        return (long) MAX_PARTS * partSize;
    }

    private static long maxLength(Backend backend) {
        return (long) MAX_PARTS * backend.partSize();
    }

    static String tailKey(String stagingKey, int partsBefore) {
        return stagingKey + "/tail-" + String.format("%05d", partsBefore);
    }

    /** Reads the state's tail bytes into the start of {@code buffer} and returns how many there are. */
    private int readTail(StagedState state, Backend backend, byte[] buffer) {
        int length = (int) backend.tailLength(state);
        if (length == 0) {
            return 0;
        }
        String key = tailKey(state.stagingKey(), backend.etags().size());
        // Only the state's bytes: a tail may be longer when an append's new state was never stored.
        try (ResponseInputStream<GetObjectResponse> in =
                s3.getObject(b -> b.bucket(bucket).key(key).range("bytes=0-" + (length - 1)))) {
            int read = in.readNBytes(buffer, 0, length);
            if (read < length) {
                throw new ObjectNotFoundException(
                        state.stagingKey(), "only " + read + " of " + length + " tail bytes are staged at " + key);
            }
            if (in.read() >= 0) {
                // The service ignored the range and sends the whole tail; closing drops the rest.
                in.abort();
            }
            return length;
        } catch (NoSuchKeyException e) {
            throw new ObjectNotFoundException(state.stagingKey(), "the staged tail " + key + " is gone");
        } catch (S3Exception e) {
            if (e.statusCode() == 404 || e.statusCode() == 416) {
                throw new ObjectNotFoundException(state.stagingKey(), "the staged tail " + key + " is short or gone");
            }
            throw S3ObjectStore.failure("read " + key, e);
        } catch (SdkException e) {
            throw S3ObjectStore.failure("read " + key, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }

    private void putTail(String stagingKey, int partsBefore, byte[] buffer, int length) {
        String key = tailKey(stagingKey, partsBefore);
        S3ObjectStore.call(
                "store " + key,
                () -> s3.putObject(b -> b.bucket(bucket).key(key).contentLength((long) length), body(buffer, length)));
    }

    private String createUpload(String finalKey) {
        return S3ObjectStore.call(
                        "begin an upload to " + finalKey,
                        () -> s3.createMultipartUpload(b -> b.bucket(bucket).key(finalKey)))
                .uploadId();
    }

    private String uploadPart(StagedState state, String uploadId, int partNumber, byte[] buffer, int length) {
        try {
            return s3.uploadPart(
                            b -> b.bucket(bucket)
                                    .key(state.finalKey())
                                    .uploadId(uploadId)
                                    .partNumber(partNumber)
                                    .contentLength((long) length),
                            body(buffer, length))
                    .eTag();
        } catch (NoSuchUploadException e) {
            throw new ObjectNotFoundException(state.stagingKey(), "the upload to " + state.finalKey() + " is gone");
        } catch (SdkException e) {
            throw S3ObjectStore.failure("upload part " + partNumber + " of " + state.finalKey(), e);
        }
    }

    private void completeUpload(StagedState state, String uploadId, List<CompletedPart> parts) {
        try {
            s3.completeMultipartUpload(b ->
                    b.bucket(bucket).key(state.finalKey()).uploadId(uploadId).multipartUpload(u -> u.parts(parts)));
        } catch (NoSuchUploadException e) {
            throw new ObjectNotFoundException(state.stagingKey(), "the upload to " + state.finalKey() + " is gone");
        } catch (SdkException e) {
            throw S3ObjectStore.failure("complete the upload to " + state.finalKey(), e);
        }
    }

    /** A body over the buffer without copying it; the SDK can reread it for a retry. */
    private static RequestBody body(byte[] buffer, int length) {
        return RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(buffer, 0, length), length, "application/octet-stream");
    }

    /**
     * What a {@link StagedState} carries for S3: the multipart upload (none until the first part is full), the
     * part size, and the ETags of parts 1..n in order.
     */
    record Backend(String store, String uploadId, int partSize, List<String> etags) {

        Backend(String uploadId, int partSize, List<String> etags) {
            this("s3", uploadId, partSize, List.copyOf(etags));
        }

        static Backend of(StagedState state) {
            ObjectKeys.requireStagingKey(state.stagingKey());
            ObjectKeys.requireFinalKey(state.finalKey());
            Backend backend;
            try {
                backend = JSON.readValue(state.backend(), Backend.class);
            } catch (JacksonException e) {
                throw new IllegalArgumentException("not a staged state of the S3 store: " + state.backend(), e);
            }
            if (!"s3".equals(backend.store()) || backend.partSize() < 1 || backend.etags() == null) {
                throw new IllegalArgumentException("not a staged state of the S3 store: " + state.backend());
            }
            long tail = backend.tailLength(state);
            if (tail < 0
                    || tail >= backend.partSize()
                    || (backend.uploadId() == null) != backend.etags().isEmpty()) {
                throw new IllegalArgumentException("inconsistent staged state: " + state);
            }
            return backend;
        }

        long tailLength(StagedState state) {
            return state.length() - (long) etags.size() * partSize;
        }

        String json() {
            return JSON.writeValueAsString(this);
        }
    }
}
