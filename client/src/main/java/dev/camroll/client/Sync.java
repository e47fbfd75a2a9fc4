package dev.camroll.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Syncing a camera roll: the policy (whether and how much to send now), batch manifests (hashes first, so nothing
 * stored is sent again) and a batch's progress. The files themselves go to the upload URLs the manifest answers.
 */
public final class Sync {

    private final Http http;

    Sync(Http http) {
        this.http = http;
    }

    /** Whether the device may sync now and within which limits ({@code deviceId} may be null). */
    public Policy policy(String deviceId) {
        return http.get(Http.path("/v1/sync/policy", "deviceId", deviceId), Policy.class);
    }

    /**
     * Sends a manifest of at most {@link Policy#maxItemsPerBatch()} files; every line is answered {@code upload},
     * {@code duplicate} or {@code rejected}. {@code idempotencyKey} (null for none) makes a retry safe: the same key
     * with the same lines answers the first batch again instead of making another.
     */
    public Batch sendManifest(String deviceId, List<ManifestItem> items, String idempotencyKey) {
        return http.json(
                "POST",
                batches(deviceId),
                Map.of("items", items),
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey),
                Batch.class);
    }

    /** A batch's state and each line's progress (rejected lines are only counted). */
    public BatchStatus batch(String deviceId, String batchId) {
        return http.get(batches(deviceId) + "/" + Http.segment(batchId), BatchStatus.class);
    }

    private static String batches(String deviceId) {
        return "/v1/devices/" + Http.segment(deviceId) + "/batches";
    }

    /**
     * @param syncAllowed false when a manifest would be refused now; {@code reason} says why ({@code
     *     consent-required}, {@code quota-exceeded}, {@code rate-limited}, {@code server-busy})
     * @param retryAfterSeconds when to ask again, or null
     */
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
     * One line of a manifest: a file described before any byte is sent. {@code sha256} is lower-case hex of the whole
     * file; {@code kind} {@code photo} or {@code video}; {@code capturedAt} and {@code pairedWith} (the other half of
     * a live photo) may be null.
     */
    public record ManifestItem(
            String clientAssetId,
            String sha256,
            long size,
            String mimeType,
            Instant capturedAt,
            String kind,
            String pairedWith) {

        /** A line with only what the service needs. */
        public static ManifestItem of(String clientAssetId, String sha256, long size, String mimeType, String kind) {
            return new ManifestItem(clientAssetId, sha256, size, mimeType, null, kind, null);
        }
    }

    /** The answer to a manifest: a decision per line, in the manifest's order, and the policy now. */
    public record Batch(String batchId, List<Decision> items, Policy policy) {}

    /**
     * @param disposition {@code upload} (send the file to {@code upload.url}), {@code duplicate} (stored already:
     *     nothing to send) or {@code rejected} (see {@code problem})
     */
    public record Decision(
            String clientAssetId, String disposition, String mediaId, Upload upload, ItemProblem problem) {

        public boolean toUpload() {
            return "upload".equals(disposition);
        }
    }

    /** Where to send the file (a tus upload resource created with the file's length) and until when. */
    public record Upload(String url, Instant expiresAt) {}

    /** Why a line was rejected or failed; {@code type} ends in a slug like a problem document's. */
    public record ItemProblem(String type, String detail) {

        public String slug() {
            return type == null ? "" : type.substring(type.lastIndexOf('/') + 1);
        }
    }

    /** @param state {@code open}, {@code complete} or {@code expired} */
    public record BatchStatus(String batchId, String state, List<ItemStatus> items, int rejectedItems) {}

    /**
     * @param state {@code awaiting_upload}, {@code uploading}, {@code stored}, {@code processed}, {@code failed},
     *     {@code duplicate}
     */
    public record ItemStatus(
            String clientAssetId, String mediaId, String state, long bytesReceived, ItemProblem problem) {}
}
