package dev.camroll.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The sync policy and batch manifests: announce files by hash, learn which ones the service wants. */
public final class Sync {

    private final Http http;

    Sync(Http http) {
        this.http = http;
    }

    /** Whether and how much {@code deviceId} may sync now. */
    public Policy policy(String deviceId) {
        return http.get(Http.path("/v1/sync/policy", "deviceId", deviceId), Policy.class);
    }

    /**
     * Announces files; the answer says per line whether to upload it (with its upload URL), or that it is a duplicate
     * (stored already), or rejected. Send the same {@code idempotencyKey} when retrying after a lost answer: the
     * service then answers the same batch instead of making another.
     */
    public Batch sendManifest(String deviceId, List<ManifestItem> items, String idempotencyKey) {
        return http.json(
                "POST",
                "/v1/devices/" + Http.segment(deviceId) + "/batches",
                Map.of("items", items),
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey),
                Batch.class);
    }

    /** Where a batch stands: each line's state and bytes received. */
    public BatchStatus batch(String deviceId, String batchId) {
        return http.get(
                "/v1/devices/" + Http.segment(deviceId) + "/batches/" + Http.segment(batchId), BatchStatus.class);
    }

    public record Policy(
            boolean syncAllowed,
            String reason,
            long minIntervalSeconds,
            int maxItemsPerBatch,
            long maxBytesPerBatch,
            long maxFileBytes,
            List<String> acceptedMimeTypes,
            boolean videoRequiresUnmetered,
            Long retryAfterSeconds) {}

    /**
     * A line of a manifest.
     *
     * @param kind {@code photo} or {@code video}
     * @param capturedAt when the photo library says it was taken, or null
     * @param pairedWith the {@code clientAssetId} of a Live Photo's other half, or null
     */
    public record ManifestItem(
            String clientAssetId,
            String sha256,
            long size,
            String mimeType,
            Instant capturedAt,
            String kind,
            String pairedWith) {}

    public record Batch(String batchId, List<Line> items, Policy policy) {}

    /** {@code disposition}: {@code upload} (see {@link #upload()}), {@code duplicate} or {@code rejected}. */
    public record Line(String clientAssetId, String disposition, String mediaId, Upload upload, LineProblem problem) {}

    public record Upload(String url, Instant expiresAt) {}

    public record LineProblem(String type, String detail) {

        public String slug() {
            return type == null ? "" : type.substring(type.lastIndexOf('/') + 1);
        }
    }

    public record BatchStatus(String batchId, String state, List<LineStatus> items) {}

    public record LineStatus(
            String clientAssetId, String mediaId, String state, long bytesReceived, LineProblem problem) {}
}
