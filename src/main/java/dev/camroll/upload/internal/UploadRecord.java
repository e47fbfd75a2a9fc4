package dev.camroll.upload.internal;

import java.time.Instant;
import java.util.UUID;

import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadState;
import org.jspecify.annotations.Nullable;

/**
 * An upload resource as stored; {@code staging} is null before the first byte and after the bytes are gone, the
 * problem is set once it failed.
 */
record UploadRecord(
        UploadId uploadId,
        String subject,
        UUID batchId,
        String clientAssetId,
        String deviceId,
        UUID mediaId,
        long length,
        String sha256,
        String mimeType,
        String kind,
        @Nullable Instant capturedAt,
        long offset,
        UploadState state,
        @Nullable String staging,
        Instant expiresAt,
        @Nullable String problemType,
        @Nullable String problemDetail) {

    boolean isOpen() {
        return state == UploadState.OPEN;
    }

    /** Expired, or open past its expiry without its last byte (before the sweep has ended it). */
    boolean isExpiredAt(Instant now) {
        return state == UploadState.EXPIRED || (isOpen() && !expiresAt.isAfter(now) && offset < length);
    }

    boolean isComplete() {
        return state == UploadState.COMPLETED;
    }

    /** The state a client is shown at {@code now}: an open upload past its expiry is expired already. */
    UploadState stateAt(Instant now) {
        return isExpiredAt(now) ? UploadState.EXPIRED : state;
    }
}
