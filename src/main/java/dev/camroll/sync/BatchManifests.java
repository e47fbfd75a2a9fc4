package dev.camroll.sync;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.Ids;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemType;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.media.MediaLibrary;
import dev.camroll.sync.BatchViews.BatchStatus;
import dev.camroll.sync.BatchViews.CreatedBatch;
import dev.camroll.sync.BatchViews.ItemDecision;
import dev.camroll.sync.BatchViews.ItemProblem;
import dev.camroll.sync.BatchViews.ItemStatus;
import dev.camroll.sync.BatchViews.ManifestItem;
import dev.camroll.sync.BatchViews.UploadLink;
import dev.camroll.upload.ManifestLines;
import dev.camroll.upload.UploadProblem;
import dev.camroll.upload.UploadSettings;
import dev.camroll.upload.Uploads;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Decides each line of a manifest before any byte is sent: {@code duplicate} when the user has the content stored
 * (from any device); {@code upload} with the same upload resource when an open upload of the user (of an earlier
 * line, of any batch or device) brings it; {@code rejected} for a type we cannot process, a file over the size limit
 * or over the quota; otherwise {@code upload}, with the media id reserved and the upload resource created in the same
 * transaction. Manifests of one user are decided one at a time (the user's account lock), so racing devices cannot
 * both upload the same content or overrun the quota. A line's status follows the upload it was answered with.
 * Rejected lines are answered but not kept (the batch counts them): they were never accepted, and a client sending
 * junk must not grow the tables; the batches one user may send are capped per day ({@link BatchAllowance}).
 */
@Service
class BatchManifests implements ManifestLines {

    private final JdbcClient jdbc;

    private final SyncSettings settings;

    private final SyncPolicy policy;

    private final UploadSettings uploadSettings;

    private final ConsentGate consent;

    private final UserAccounts accounts;

    private final Devices devices;

    private final MediaLibrary media;

    private final Uploads uploads;

    private final BatchAllowance allowance;

    private final Clock clock;

    BatchManifests(
            JdbcClient jdbc,
            SyncSettings settings,
            UploadSettings uploadSettings,
            SyncPolicy policy,
            ConsentGate consent,
            UserAccounts accounts,
            Devices devices,
            MediaLibrary media,
            Uploads uploads,
            BatchAllowance allowance,
            Clock clock) {
        this.jdbc = jdbc;
        this.allowance = allowance;
        this.settings = settings;
        this.uploadSettings = uploadSettings;
        this.policy = policy;
        this.consent = consent;
        this.accounts = accounts;
        this.devices = devices;
        this.media = media;
        this.uploads = uploads;
        this.clock = clock;
    }

    @Transactional
    CreatedBatch create(String subject, String deviceId, List<ManifestItem> items, Function<UUID, URI> uploadUrl) {
        // Under the user's lock, which a withdrawal takes too: no manifest slips past a withdrawal committing now.
        accounts.lock(Subject.of(subject));
        consent.require(subject, Purpose.CLOUD_PROCESSING);
        devices.find(subject, deviceId).orElseThrow(() -> Devices.unknown(deviceId));
        checkShape(items);
        allowance.require(subject); // under the lock: racing manifests cannot both take the last one of the day
        SyncPolicy.Backlog backlog = policy.busy(subject);
        if (backlog != SyncPolicy.Backlog.NONE) {
            throw new ProblemException(
                            CommonProblem.SERVICE_UNAVAILABLE,
                            backlog == SyncPolicy.Backlog.USER
                                    ? "Your earlier photos are still being analysed; send the manifest again later."
                                    : "The service is catching up with analyses; send the manifest again later.")
                    .withHeader(HttpHeaders.RETRY_AFTER, String.valueOf(policy.retryAfterSeconds()));
        }

        UUID batchId = Ids.newId();
        Instant now = clock.instant();
        long used = policy.usedBytes(subject);
        long announced = 0;
        // The upload each content of this manifest is answered with: a later line with the same content shares it.
        Map<String, Uploads.Reservation> uploading = new HashMap<>();
        List<ItemDecision> decisions = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        int rejected = 0;
        for (int position = 0; position < items.size(); position++) {
            ManifestItem item = items.get(position);
            String sha256 = item.sha256().toLowerCase();
            // duplicate only when the content is stored: content that is only announced (its upload open) may still
            // never arrive, so the line gets that same upload, and whichever device has the file finishes it.
            Uploads.Reservation upload = uploading.get(sha256);
            Optional<UUID> stored = upload == null ? media.findBySha256(subject, sha256) : Optional.empty();
            ProblemType refusal = null;
            if (upload == null && stored.isEmpty()) {
                upload = uploads.share(subject, sha256).orElse(null); // its bytes count toward the quota already
                if (upload == null) {
                    refusal = refusal(item, used);
                }
                if (upload == null && refusal == null) {
                    upload = uploads.reserve(new Uploads.Announced(
                            subject,
                            batchId,
                            item.clientAssetId(),
                            deviceId,
                            Ids.newId(),
                            item.size(),
                            sha256,
                            item.mimeType(),
                            item.kind(),
                            item.capturedAt()));
                    used += item.size();
                }
                announced += upload == null ? 0 : item.size();
            }
            ItemDecision decision;
            if (stored.isPresent()) {
                decision = new ItemDecision(item.clientAssetId(), "duplicate", stored.get(), null, null);
            } else if (upload != null) {
                uploading.put(sha256, upload);
                decision = new ItemDecision(
                        item.clientAssetId(),
                        "upload",
                        upload.mediaId(),
                        new UploadLink(uploadUrl.apply(upload.uploadId()).toString(), upload.expiresAt()),
                        null);
            } else {
                decision = new ItemDecision(
                        item.clientAssetId(),
                        "rejected",
                        null,
                        null,
                        new ItemProblem(refusal.uri().toString(), refusalDetail(refusal, item)));
            }
            decisions.add(decision);
            if (decision.problem() != null) {
                rejected++;
                continue;
            }
            rows.add(new Object[] {
                batchId,
                item.clientAssetId(),
                position,
                sha256,
                item.size(),
                item.mimeType(),
                item.kind(),
                item.capturedAt() == null ? null : Timestamp.from(item.capturedAt()),
                item.pairedWith(),
                decision.disposition(),
                decision.mediaId(),
                upload == null ? null : upload.uploadId()
            });
        }
        if (announced > settings.maxBytesPerBatch().toBytes()) {
            throw ProblemException.invalid(
                    "items",
                    "The manifest announces " + announced + " bytes to upload; at most "
                            + settings.maxBytesPerBatch().toBytes() + " are allowed per batch. Split it.");
        }
        jdbc.sql(
                        "INSERT INTO batches (batch_id, subject, device_id, created_at, rejected_lines) VALUES (?, ?, ?, ?, ?)")
                .params(batchId, subject, deviceId, Timestamp.from(now), rejected)
                .update();
        for (Object[] row : rows) {
            jdbc.sql("""
                    INSERT INTO batch_items (batch_id, client_asset_id, position, sha256, size, mime_type, kind,
                        captured_at, paired_with, disposition, media_id, upload_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """).params(row).update();
        }
        devices.synced(subject, deviceId, now);
        return new CreatedBatch(batchId, decisions, policy.forUser(subject));
    }

    @Transactional(readOnly = true)
    BatchStatus status(String subject, String deviceId, UUID batchId) {
        int rejected = jdbc.sql(
                        "SELECT rejected_lines FROM batches WHERE batch_id = ? AND subject = ? AND device_id = ?")
                .params(batchId, subject, deviceId)
                .query(Integer.class)
                .optional()
                .orElseThrow(
                        () -> ProblemException.notFound("No batch '" + batchId + "' for device '" + deviceId + "'."));
        List<Object[]> lines = jdbc.sql("""
                SELECT client_asset_id, disposition, media_id, size, upload_id
                FROM batch_items WHERE batch_id = ? ORDER BY position
                """)
                .param(batchId)
                .query((rs, n) -> new Object[] {
                    rs.getString(1),
                    rs.getString(2),
                    rs.getObject(3, UUID.class),
                    rs.getLong(4),
                    rs.getObject(5, UUID.class)
                })
                .list();
        Set<UUID> uploadIds = new HashSet<>();
        Set<UUID> mediaIds = new HashSet<>();
        lines.forEach(line -> {
            if (line[2] != null) {
                mediaIds.add((UUID) line[2]);
            }
            if (line[4] != null) {
                uploadIds.add((UUID) line[4]);
            }
        });
        // Each line follows the upload it was answered with, its own or one it shares with lines of other batches.
        Map<UUID, Uploads.Progress> progress = uploads.progressOf(uploadIds);
        progress.values().forEach(upload -> mediaIds.add(upload.mediaId()));
        Map<UUID, String> mediaStates = media.statesOf(mediaIds);
        List<ItemStatus> items = new ArrayList<>();
        boolean settled = true;
        for (Object[] line : lines) {
            ItemStatus item = itemStatus(line, progress, mediaStates);
            settled &= item.isSettled();
            items.add(item);
        }
        // Open while any line still waits for bytes (uploads that progress do not expire); settled, it is expired if
        // an upload ran out of time before its file arrived, else complete.
        boolean anyExpired = progress.values().stream().anyMatch(upload -> "expired".equals(upload.state()));
        String state = !settled ? "open" : anyExpired ? "expired" : "complete";
        return new BatchStatus(batchId, state, items, rejected);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<UUID> uploadOf(String subject, UUID batchId, String clientAssetId) {
        return jdbc.sql("""
                SELECT i.upload_id FROM batch_items i JOIN batches b ON b.batch_id = i.batch_id
                WHERE i.batch_id = ? AND i.client_asset_id = ? AND b.subject = ? AND i.upload_id IS NOT NULL
                """)
                .params(batchId, clientAssetId, subject)
                .query(UUID.class)
                .optional();
    }

    private static ItemStatus itemStatus(
            Object[] line, Map<UUID, Uploads.Progress> progress, Map<UUID, String> mediaStates) {
        String clientAssetId = (String) line[0];
        UUID mediaId = (UUID) line[2];
        long size = (long) line[3];
        if (line[4] == null) {
            // duplicate: media the user had stored when the line was decided.
            if (mediaStates.containsKey(mediaId)) {
                return new ItemStatus(clientAssetId, mediaId, "duplicate", 0, null);
            }
            return new ItemStatus(
                    clientAssetId,
                    null,
                    "failed",
                    0,
                    new ItemProblem(
                            UploadProblem.UPLOAD_GONE.uri().toString(),
                            "The media this line named is no longer stored; announce the file again."));
        }
        Uploads.Progress upload = progress.get((UUID) line[4]);
        String mediaState = mediaStates.get(upload.mediaId());
        if (mediaState != null) {
            // Its own media, or the user's media with the same content that arrived first another way.
            return new ItemStatus(
                    clientAssetId,
                    upload.mediaId(),
                    upload.mediaId().equals(mediaId) ? mediaState : "duplicate",
                    upload.mediaId().equals(mediaId) ? size : 0,
                    null);
        }
        return switch (upload.state()) {
            case "open" ->
                new ItemStatus(
                        clientAssetId,
                        mediaId,
                        upload.bytesReceived() == 0 ? "awaiting_upload" : "uploading",
                        upload.bytesReceived(),
                        null);
            case "failed" ->
                new ItemStatus(
                        clientAssetId,
                        mediaId,
                        "failed",
                        upload.bytesReceived(),
                        new ItemProblem(ProblemType.BASE_URI + upload.problemType(), upload.problemDetail()));
            default ->
                new ItemStatus(
                        clientAssetId,
                        mediaId,
                        "failed",
                        upload.bytesReceived(),
                        new ItemProblem(
                                UploadProblem.UPLOAD_GONE.uri().toString(),
                                "The upload was " + upload.state()
                                        + " before all bytes arrived; announce the file again."));
        };
    }

    private void checkShape(List<ManifestItem> items) {
        if (items.size() > settings.maxItemsPerBatch()) {
            throw ProblemException.invalid(
                    "items",
                    "A manifest has at most " + settings.maxItemsPerBatch() + " items; this one has " + items.size()
                            + ".");
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            if (!ids.add(items.get(i).clientAssetId())) {
                throw ProblemException.invalid(
                        "items[" + i + "].clientAssetId",
                        "clientAssetId '" + items.get(i).clientAssetId() + "' appears twice in the manifest.");
            }
        }
    }

    private ProblemType refusal(ManifestItem item, long used) {
        if (!uploadSettings.accepts(item.mimeType(), item.kind())) {
            return CommonProblem.UNSUPPORTED_MEDIA_TYPE;
        }
        if (item.size() > policy.maxFileBytes()) {
            return UploadProblem.FILE_TOO_LARGE;
        }
        if (used + item.size() > settings.quota().toBytes()) {
            return SyncProblem.QUOTA_EXCEEDED;
        }
        return null;
    }

    private String refusalDetail(ProblemType refusal, ManifestItem item) {
        if (refusal == CommonProblem.UNSUPPORTED_MEDIA_TYPE) {
            return "'" + item.mimeType() + "' (" + item.kind() + ") is not accepted; accepted: "
                    + String.join(", ", uploadSettings.acceptedMimeTypes()) + ".";
        }
        if (refusal == UploadProblem.FILE_TOO_LARGE) {
            return "The file has " + item.size() + " bytes; at most " + policy.maxFileBytes() + " are accepted.";
        }
        return "Storing this file would exceed the quota of " + settings.quota().toBytes() + " bytes.";
    }
}
