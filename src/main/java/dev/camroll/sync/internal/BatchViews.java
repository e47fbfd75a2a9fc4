package dev.camroll.sync.internal;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camroll.api.PlausibleTime;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/** The shapes of the batch API (contract section Devices and sync). */
final class BatchViews {

    /** The line states after which nothing about the line changes any more. */
    private static final Set<String> ANALYSED = Set.of("processed", "failed", "duplicate", "rejected");

    private BatchViews() {}

    /**
     * One line of a manifest: a file the app wants to sync, described before any byte is sent. The lengths are the
     * shape (and the columns'); an empty file has nothing to sync, so size 0 is a malformed line like a bad hash.
     */
    record ManifestItem(
            @NotBlank @Size(max = 200) String clientAssetId,
            @NotNull @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256,
            @NotNull @Positive Long size,
            @NotBlank @Size(max = 100) String mimeType,
            @PlausibleTime @Nullable Instant capturedAt,
            @NotNull @Pattern(regexp = "photo|video") String kind,
            @Size(max = 200) @Nullable String pairedWith) {}

    record Manifest(
            @NotEmpty @Valid List<ManifestItem> items,

            @Schema(
                    description = "Ask for an upload slot per line to upload (upload.slot): a URL that needs no "
                            + "bearer token, for background jobs of the OS (iOS PhotoKit's PHAssetResourceUploadJob) "
                            + "that send the file long after the token expired. Default false.")
            @Nullable
            Boolean uploadSlots) {

        boolean wantsUploadSlots() {
            return Boolean.TRUE.equals(uploadSlots);
        }
    }

    /**
     * An upload slot: the line's upload at a URL that carries its own authority, valid until {@code expiresAt}. A
     * credential: whoever holds the URL may send that one file.
     */
    @Schema(
            description = "Only when the manifest asked for uploadSlots: the line's upload at a URL that needs no "
                    + "bearer token. A credential: whoever holds the URL may send that one file.")
    record UploadSlot(
            @Schema(
                    description = "Absolute URL /v1/upload-slots/{slot}: PUT or POST the whole file without "
                            + "Authorization (or resume it by the IETF draft: HEAD, PATCH). Opaque; do not parse it.")
            String url,

            @Schema(
                    description =
                            "When the slot stops working (camroll.upload.slot-validity after the manifest, 7 days "
                                    + "by default); the upload stays open until then.")
            Instant expiresAt) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record UploadLink(
            String url, Instant expiresAt, @Nullable UploadSlot slot) {}

    /** A per-item problem; {@code type} is a problem type URI like those of problem documents. */
    record ItemProblem(
            String type, @Schema(nullable = true) @Nullable String detail) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemDecision(
            String clientAssetId,
            String disposition,
            @Nullable UUID mediaId,
            @Nullable UploadLink upload,
            @Nullable ItemProblem problem) {}

    record CreatedBatch(UUID batchId, List<ItemDecision> items, SyncPolicy.Policy policy) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemStatus(
            String clientAssetId,
            @Nullable UUID mediaId,
            String state,
            long bytesReceived,
            @Nullable ItemProblem problem) {

        /** The line's bytes arrived, or never will. */
        @JsonIgnore
        boolean isSettled() {
            return !"awaiting_upload".equals(state) && !"uploading".equals(state);
        }

        /** The line's analysis ended, or it never needed one (its content was stored already, or never arrived). */
        @JsonIgnore
        boolean isAnalysed() {
            return ANALYSED.contains(state);
        }
    }

    /**
     * A batch's progress. {@code items} are the lines answered {@code upload} or {@code duplicate}: rejected lines
     * were never accepted and are not kept, so they are only counted in {@code rejectedItems}.
     */
    record BatchStatus(
            UUID batchId,
            String state,
            List<ItemStatus> items,

            @Schema(
                    description = "How many lines of the manifest were rejected when it was sent (their problems were "
                            + "in that answer). They are not kept, so they are not listed in items.")
            int rejectedItems) {}
}
