package dev.camroll.sync.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaLibrary;
import dev.camroll.sync.SyncProblem;
import dev.camroll.sync.SyncSettings;
import dev.camroll.sync.internal.BatchViews.BatchStatus;
import dev.camroll.sync.internal.BatchViews.CreatedBatch;
import dev.camroll.sync.internal.BatchViews.ItemDecision;
import dev.camroll.sync.internal.BatchViews.ItemProblem;
import dev.camroll.sync.internal.BatchViews.ItemStatus;
import dev.camroll.sync.internal.BatchViews.ManifestItem;
import dev.camroll.sync.internal.BatchViews.UploadLink;
import dev.camroll.sync.internal.Batches.Batch;
import dev.camroll.sync.internal.Batches.Disposition;
import dev.camroll.sync.internal.Batches.Line;
import dev.camroll.upload.ManifestLines;
import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadProblem;
import dev.camroll.upload.UploadSettings;
import dev.camroll.upload.UploadState;
import dev.camroll.upload.Uploads;
import org.jspecify.annotations.Nullable;
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

    private final Batches batches;

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
            Batches batches,
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
        this.batches = batches;
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
    CreatedBatch create(
            Subject subject,
            DeviceId deviceId,
            List<ManifestItem> items,
            Function<UUID, URI> uploadUrl,
            @Nullable Function<String, URI> slotUrl) {
        // Under the user's lock, which a withdrawal takes too: no manifest slips past a withdrawal committing now.
        accounts.lock(subject);
        consent.require(subject, Purpose.CLOUD_PROCESSING);
        devices.require(subject, deviceId);
        checkShape(items);
        allowance.require(subject); // under the lock: racing manifests cannot both take the last one of the day
        SyncPolicy.Backlog backlog = policy.busy(subject);
        if (backlog != SyncPolicy.Backlog.NONE) {
            throw new ProblemException(
                            CommonProblem.SERVICE_UNAVAILABLE,
                            backlog == SyncPolicy.Backlog.USER
                                    ? "Your earlier photos are still being analysed; send the manifest again later."
                                    : "The service is catching up with analyses; send the manifest again later.")
                    .retryAfter(Duration.ofSeconds(policy.retryAfterSeconds()));
        }

        BatchId batchId = BatchId.newId();
        Instant now = clock.instant();
        long used = policy.usedBytes(subject);
        long announced = 0;
        // The upload each content of this manifest is answered with: a later line with the same content shares it.
        Map<String, Uploads.Reservation> uploading = new HashMap<>();
        List<ItemDecision> decisions = new ArrayList<>();
        List<Line> kept = new ArrayList<>();
        int rejected = 0;
        for (ManifestItem item : items) {
            String sha256 = item.sha256().toLowerCase();
            // duplicate only when the content is stored: content that is only announced (its upload open) may still
            // never arrive, so the line gets that same upload, and whichever device has the file finishes it.
            Uploads.@Nullable Reservation upload = uploading.get(sha256);
            Optional<UUID> stored =
                    upload == null ? media.findBySha256(subject, sha256).map(MediaId::value) : Optional.empty();
            @Nullable ProblemType refusal = null;
            if (upload == null && stored.isEmpty()) {
                // its bytes count toward the quota already
                upload = uploads.share(subject, sha256).orElse(null);
                if (upload == null) {
                    refusal = refusal(item, used);
                }
                if (upload == null && refusal == null) {
                    upload = uploads.reserve(new Uploads.Announced(
                            subject,
                            batchId.value(),
                            item.clientAssetId(),
                            deviceId.value(),
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
            if (stored.isPresent()) {
                decisions.add(
                        new ItemDecision(item.clientAssetId(), Disposition.DUPLICATE.slug(), stored.get(), null, null));
                kept.add(line(item, sha256, Disposition.DUPLICATE, stored.get(), null));
            } else if (upload != null) {
                uploading.put(sha256, upload);
                decisions.add(new ItemDecision(
                        item.clientAssetId(),
                        Disposition.UPLOAD.slug(),
                        upload.mediaId(),
                        link(upload, uploadUrl, slotUrl),
                        null));
                kept.add(line(
                        item,
                        sha256,
                        Disposition.UPLOAD,
                        upload.mediaId(),
                        upload.uploadId().value()));
            } else {
                ProblemType problem = Objects.requireNonNull(refusal);
                decisions.add(new ItemDecision(
                        item.clientAssetId(),
                        Disposition.REJECTED.slug(),
                        null,
                        null,
                        new ItemProblem(problem.uri().toString(), refusalDetail(problem, item))));
                rejected++;
            }
        }
        if (announced > settings.maxBytesPerBatch().toBytes()) {
            throw ProblemException.invalid(
                    "items",
                    "The manifest announces " + announced + " bytes to upload; at most "
                            + settings.maxBytesPerBatch().toBytes() + " are allowed per batch. Split it.");
        }
        batches.add(new Batch(batchId, subject, deviceId, now, rejected), kept);
        devices.synced(subject, deviceId, now);
        return new CreatedBatch(batchId.value(), decisions, policy.forUser(subject));
    }

    /**
     * The line's upload resource; with a slot when asked for, whose expiry the upload's own then matches (the upload
     * stays open as long as its slot works, and the batch stays open with it).
     */
    private UploadLink link(
            Uploads.Reservation upload, Function<UUID, URI> uploadUrl, @Nullable Function<String, URI> slotUrl) {
        String url = uploadUrl.apply(upload.uploadId().value()).toString();
        if (slotUrl == null) {
            return new UploadLink(url, upload.expiresAt(), null);
        }
        Uploads.Slot slot = uploads.slot(upload.uploadId());
        Instant expiresAt = slot.expiresAt().isAfter(upload.expiresAt()) ? slot.expiresAt() : upload.expiresAt();
        return new UploadLink(
                url,
                expiresAt,
                new BatchViews.UploadSlot(slotUrl.apply(slot.path()).toString(), slot.expiresAt()));
    }

    private static Line line(
            ManifestItem item, String sha256, Disposition disposition, UUID mediaId, @Nullable UUID uploadId) {
        return new Line(
                item.clientAssetId(),
                sha256,
                item.size(),
                item.mimeType(),
                item.kind(),
                item.capturedAt(),
                item.pairedWith(),
                disposition,
                mediaId,
                uploadId);
    }

    @Transactional(readOnly = true)
    BatchStatus status(Subject subject, DeviceId deviceId, BatchId batchId) {
        Batch batch = batches.find(subject, deviceId, batchId)
                .orElseThrow(
                        () -> ProblemException.notFound("No batch '" + batchId + "' for device '" + deviceId + "'."));
        List<Line> lines = batches.lines(batchId);
        Set<UUID> uploadIds = new HashSet<>();
        Set<UUID> mediaIds = new HashSet<>();
        lines.forEach(line -> {
            if (line.mediaId() != null) {
                mediaIds.add(line.mediaId());
            }
            if (line.uploadId() != null) {
                uploadIds.add(line.uploadId());
            }
        });
        // Each line follows the upload it was answered with, its own or one it shares with lines of other batches.
        Map<UploadId, Uploads.Progress> progress =
                uploads.progressOf(uploadIds.stream().map(UploadId::of).toList());
        progress.values().forEach(upload -> mediaIds.add(upload.mediaId()));
        Map<UUID, String> mediaStates = new HashMap<>();
        media.statesOf(mediaIds.stream().map(MediaId::of).toList())
                .forEach((id, state) -> mediaStates.put(id.value(), state.value()));
        List<ItemStatus> items = new ArrayList<>();
        boolean settled = true;
        for (Line line : lines) {
            ItemStatus item = itemStatus(line, progress, mediaStates);
            settled &= item.isSettled();
            items.add(item);
        }
        // Open while any line still waits for bytes (uploads that progress do not expire); settled, it is expired if
        // an upload ran out of time before its file arrived, else complete.
        boolean anyExpired = progress.values().stream().anyMatch(upload -> upload.state() == UploadState.EXPIRED);
        String state = !settled ? "open" : anyExpired ? "expired" : "complete";
        return new BatchStatus(batchId.value(), state, items, batch.rejectedLines());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<UploadId> uploadOf(Subject subject, UUID batchId, String clientAssetId) {
        return batches.uploadOf(subject, new BatchId(batchId), clientAssetId).map(UploadId::of);
    }

    private static ItemStatus itemStatus(
            Line line, Map<UploadId, Uploads.Progress> progress, Map<UUID, String> mediaStates) {
        String clientAssetId = line.clientAssetId();
        UUID mediaId = line.mediaId();
        long size = line.size();
        if (line.uploadId() == null) {
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
        Uploads.Progress upload = progress.get(UploadId.of(line.uploadId()));
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
            case OPEN ->
                new ItemStatus(
                        clientAssetId,
                        mediaId,
                        upload.bytesReceived() == 0 ? "awaiting_upload" : "uploading",
                        upload.bytesReceived(),
                        null);
            case FAILED ->
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
                                "The upload was " + upload.state().value()
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

    private @Nullable ProblemType refusal(ManifestItem item, long used) {
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
