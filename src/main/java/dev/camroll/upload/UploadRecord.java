package dev.camroll.upload;

import java.time.Instant;
import java.util.UUID;

/** An upload resource as stored; {@code staging} is null before the first byte and after the bytes are gone. */
record UploadRecord(
        UUID uploadId,
        String subject,
        UUID batchId,
        String clientAssetId,
        String deviceId,
        UUID mediaId,
        long length,
        String sha256,
        String mimeType,
        String kind,
        Instant capturedAt,
        long offset,
        String state,
        String staging,
        Instant expiresAt) {

    static final String OPEN = "open";

    boolean isOpen() {
        return OPEN.equals(state);
    }

    boolean isExpiredAt(Instant now) {
        return "expired".equals(state) || (isOpen() && !expiresAt.isAfter(now) && offset < length);
    }

    boolean isComplete() {
        return "completed".equals(state);
    }
}
