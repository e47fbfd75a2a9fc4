package dev.camroll.upload.internal;

import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.camroll.upload.UploadId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The running whole-file SHA-256 of uploads whose last request ended here, by the offset it covers, so the next
 * request to this instance continues it instead of reading the file back at the end. Only a shortcut: an upload
 * that resumes elsewhere, or after a restart, is hashed from the store once complete.
 */
@Component
class DigestCache {

    private static final int MAX_ENTRIES = 1024;

    /** Named apart from {@link Map.Entry}, which the map below inherits: JDK 25's javac takes that one for it. */
    private record Running(long offset, MessageDigest digest) {}

    private final Map<UploadId, Running> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UploadId, Running> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The digest of the first {@code offset} bytes of the upload, if this instance has it; it is removed. */
    synchronized @Nullable MessageDigest take(UploadId uploadId, long offset) {
        Running running = entries.remove(uploadId);
        return running != null && running.offset() == offset ? running.digest() : null;
    }

    synchronized void put(UploadId uploadId, long offset, MessageDigest digest) {
        entries.put(uploadId, new Running(offset, digest));
    }

    synchronized void forget(UploadId uploadId) {
        entries.remove(uploadId);
    }
}
