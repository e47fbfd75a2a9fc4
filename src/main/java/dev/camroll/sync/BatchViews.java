package dev.camroll.sync;

import java.time.Instant;
import java.util.List;
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

/** The shapes of the batch API (contract section Devices and sync). */
final class BatchViews {

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
            @PlausibleTime Instant capturedAt,
            @NotNull @Pattern(regexp = "photo|video") String kind,
            @Size(max = 200) String pairedWith) {}

    record Manifest(@NotEmpty @Valid List<ManifestItem> items) {}

    record UploadLink(String url, Instant expiresAt) {}

    /** A per-item problem; {@code type} is a problem type URI like those of problem documents. */
    record ItemProblem(String type, @Schema(nullable = true) String detail) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemDecision(
            String clientAssetId, String disposition, UUID mediaId, UploadLink upload, ItemProblem problem) {}

    record CreatedBatch(UUID batchId, List<ItemDecision> items, SyncPolicy.Policy policy) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ItemStatus(String clientAssetId, UUID mediaId, String state, long bytesReceived, ItemProblem problem) {

        @JsonIgnore
        boolean isSettled() {
            return !"awaiting_upload".equals(state) && !"uploading".equals(state);
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
