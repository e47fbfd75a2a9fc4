package dev.camroll.upload;

import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.springframework.stereotype.Component;

/**
 * The running whole-file SHA-256 of uploads whose last request ended here, by the offset it covers, so the next
 * request to this instance continues it instead of reading the file back at the end. Only a shortcut: an upload
 * that resumes elsewhere, or after a restart, is hashed from the store once complete.
 */
@Component
class DigestCache {

    private static final int MAX_ENTRIES = 1024;

    private record Entry(long offset, MessageDigest digest) {}

    private final Map<UUID, Entry> entries = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    /** The digest of the first {@code offset} bytes of the upload, if this instance has it; it is removed. */
    synchronized MessageDigest take(UUID uploadId, long offset) {
        Entry entry = entries.remove(uploadId);
        return entry != null && entry.offset() == offset ? entry.digest() : null;
    }

    synchronized void put(UUID uploadId, long offset, MessageDigest digest) {
        entries.put(uploadId, new Entry(offset, digest));
    }

    synchronized void forget(UUID uploadId) {
        entries.remove(uploadId);
    }
}
