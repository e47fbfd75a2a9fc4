package dev.camroll.upload;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import dev.camroll.identity.Subject;
import org.jspecify.annotations.Nullable;

/** Upload resources as the sync module sees them: reserved with a batch line, then followed by their progress. */
public interface Uploads {

    /** What a batch line announces: the file that must arrive. */
    record Announced(
            Subject subject,
            UUID batchId,
            String clientAssetId,
            String deviceId,
            UUID mediaId,
            long length,
            String sha256,
            String mimeType,
            String kind,
            @Nullable Instant capturedAt) {}

    /** The upload resource a line is answered with (created for it, or an open one it shares), and its media. */
    record Reservation(UploadId uploadId, UUID mediaId, Instant expiresAt) {}

    /**
     * How far an upload got; {@code mediaId} is the media holding its content (the user's existing media when the same
     * content arrived first another way), and the problem is set when it failed.
     */
    record Progress(
            UploadId uploadId,
            UUID mediaId,
            UploadState state,
            long bytesReceived,
            Instant expiresAt,
            @Nullable String problemType,
            @Nullable String problemDetail) {}

    /**
     * An upload slot: the path ({@code /v1/upload-slots/{slot}}) of a destination for one upload that needs no bearer
     * token, valid until {@code expiresAt}. Whoever holds it may send that one file there; it opens no other upload.
     */
    record Slot(String path, Instant expiresAt) {}

    /** Creates the upload resource for an announced file, in the caller's transaction (which it requires). */
    Reservation reserve(Announced file);

    /**
     * The user's open upload that brings this content (the one furthest along, should a race have made two), for
     * another manifest line to share: that line is answered with the same upload resource, which any device of the
     * user may finish. Its expiry moves on as if the content were announced now. An upload whose last byte arrived is
     * shared even past its expiry: it is completed, not expired. In the caller's transaction (which it requires).
     */
    Optional<Reservation> share(Subject subject, String sha256);

    /**
     * A slot for the upload (its own line's or one it shares), valid for {@code camroll.upload.slot-validity}; the
     * upload stays open at least until the slot expires. Nothing about the slot is stored. In the caller's transaction
     * (which it requires).
     */
    Slot slot(UploadId uploadId);

    /** Bytes the user's open uploads will add, for the quota. */
    long reservedBytes(Subject subject);

    /**
     * Progress of these uploads, by upload id (a batch's lines, each with its own upload or one it shares). An open
     * upload past its expiry is {@link UploadState#EXPIRED} even before the sweep has ended it.
     */
    Map<UploadId, Progress> progressOf(Collection<UploadId> uploadIds);
}
