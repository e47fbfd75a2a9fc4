package dev.camroll.sync.internal;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;

import dev.camroll.api.Examples;
import dev.camroll.api.Ids;
import dev.camroll.api.ProblemResponses;
import dev.camroll.identity.Caller;
import dev.camroll.sync.internal.BatchViews.BatchStatus;
import dev.camroll.sync.internal.BatchViews.CreatedBatch;
import dev.camroll.sync.internal.BatchViews.Manifest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** Devices, the sync policy and batch manifests (contract section Devices and sync). */
@RestController
@Tag(name = "sync", description = "Devices, the sync policy and batch manifests: what to upload")
class SyncController {

    record DeviceRegistration(
            @NotNull @Pattern(regexp = "ios|android|other") String platform,
            @NotBlank @Size(max = 64) String appVersion,
            @Size(max = 128) @Nullable String model,
            @Size(max = 64) @Nullable String osVersion,
            @NotNull @Pattern(regexp = "full|limited|none") String photoLibraryAccess) {}

    private final Devices devices;

    private final SyncPolicy policy;

    private final BatchManifests manifests;

    private final Clock clock;

    SyncController(Devices devices, SyncPolicy policy, BatchManifests manifests, Clock clock) {
        this.devices = devices;
        this.policy = policy;
        this.manifests = manifests;
        this.clock = clock;
    }

    @PutMapping("/v1/devices/{deviceId}")
    @ProblemResponses({"too-many-devices"})
    @ApiResponse(responseCode = "200", description = "The device was registered already and is updated")
    @ApiResponse(responseCode = "201", description = "The device is new")
    @Examples(request = SyncExamples.REGISTRATION, response = SyncExamples.DEVICE)
    @Operation(
            operationId = "registerDevice",
            summary = "Register or update a device (201 new, 200 updated); photo access is context, never consent",
            description = "A user has at most camroll.sync.max-devices devices in use (registered, updated or synced "
                    + "within camroll.sync.device-idle-after, 90 days by default); registering one more is "
                    + "409 too-many-devices with member maxDevices. Updating a known device always succeeds.")
    ResponseEntity<Device> register(
            Caller caller, @PathVariable String deviceId, @Valid @RequestBody DeviceRegistration registration) {
        DeviceId id = DeviceId.parse(deviceId);
        Instant now = clock.instant();
        boolean created = devices.register(
                caller.user(),
                new Device(
                        id.value(),
                        registration.platform(),
                        registration.appVersion(),
                        registration.model(),
                        registration.osVersion(),
                        registration.photoLibraryAccess(),
                        now,
                        now,
                        null));
        Device device = devices.find(caller.user(), id).orElseThrow();
        return ResponseEntity.status(created ? HttpStatus.CREATED : HttpStatus.OK)
                .body(device);
    }

    @GetMapping("/v1/devices/{deviceId}")
    @ProblemResponses({"not-found"})
    @Operation(operationId = "getDevice", summary = "A registered device")
    @Examples(response = SyncExamples.DEVICE)
    Device device(Caller caller, @PathVariable String deviceId) {
        return devices.require(caller.user(), DeviceId.parse(deviceId));
    }

    @GetMapping("/v1/sync/policy")
    @ProblemResponses({"not-found"})
    @Examples(response = SyncExamples.POLICY)
    @Operation(
            operationId = "getSyncPolicy",
            summary = "Whether and how the app may sync now",
            description = "syncAllowed is false when a manifest would be refused now; reason is consent-required, "
                    + "quota-exceeded, rate-limited (the user sent camroll.sync.max-batches-per-day manifests in the "
                    + "last 24 hours; retryAfterSeconds says when the next one is accepted) or server-busy "
                    + "(retryAfterSeconds as well).")
    SyncPolicy.Policy policy(Caller caller, @RequestParam(required = false) @Nullable String deviceId) {
        if (deviceId != null) {
            devices.require(caller.user(), DeviceId.parse(deviceId));
        }
        return policy.forUser(caller.user());
    }

    @PostMapping("/v1/devices/{deviceId}/batches")
    @ApiResponse(responseCode = "201", description = "The batch, with a decision per line")
    @ProblemResponses({"consent-required", "not-found", "rate-limited"})
    @Examples(request = SyncExamples.MANIFEST, response = SyncExamples.CREATED_BATCH)
    @Operation(
            operationId = "createBatch",
            summary = "Send a batch manifest; each line is answered upload, duplicate or rejected",
            description = "duplicate: the user has media with that sha256 stored (from any device); nothing is sent. "
                    + "upload: send the file to upload.url. When an open upload of the user (an earlier line of this "
                    + "manifest, another batch, any device) already brings that content, the line gets that same "
                    + "upload (its url and mediaId) and the upload's expiry moves on as if announced now: any device "
                    + "of the user may finish it, continuing from the Upload-Offset a tus HEAD gives. An upload that "
                    + "expired or failed is not shared: the line gets a new one. rejected: see problem; rejected lines "
                    + "are not kept (the batch's status only counts them). A line with size 0 is 400 invalid-request "
                    + "(an empty file has nothing to sync). More than camroll.sync.max-batches-per-day manifests of "
                    + "one user in 24 hours: 429 rate-limited with Retry-After; nothing is stored. With "
                    + "uploadSlots: true, each upload line also gets upload.slot {url, expiresAt}: a URL for the whole "
                    + "file that needs no bearer token (for OS background jobs such as iOS PhotoKit's), valid for "
                    + "camroll.upload.slot-validity (7 days); the line's upload (and so the batch) then stays open "
                    + "until the slot expires, and upload.expiresAt says so. A line sharing another line's upload gets "
                    + "a slot for that upload.")
    ResponseEntity<CreatedBatch> createBatch(
            Caller caller, @PathVariable String deviceId, @Valid @RequestBody Manifest manifest) {
        CreatedBatch batch = manifests.create(
                caller.user(),
                DeviceId.parse(deviceId),
                manifest.items(),
                uploadId -> ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/v1/uploads/{id}")
                        .build(uploadId),
                manifest.wantsUploadSlots()
                        ? path -> ServletUriComponentsBuilder.fromCurrentContextPath()
                                .path(path)
                                .build()
                                .toUri()
                        : null);
        URI location = ServletUriComponentsBuilder.fromCurrentRequest()
                .path("/{batchId}")
                .build(batch.batchId());
        return ResponseEntity.created(location).body(batch);
    }

    @GetMapping("/v1/devices/{deviceId}/batches/{batchId}")
    @ProblemResponses({"not-found"})
    @Examples(response = SyncExamples.BATCH_STATUS)
    @Operation(
            operationId = "getBatch",
            summary = "A batch's state and every line's progress",
            description = "Each line to upload follows its upload, also one it shares with another batch: "
                    + "awaiting_upload, uploading, then its media's stored, processed or failed; failed with a problem "
                    + "when the upload failed, expired or was terminated before the file arrived (announce the file "
                    + "again). duplicate: the content was stored already (when the line was decided, or by another "
                    + "upload first). The batch is open while a line waits for bytes, expired when an upload of one "
                    + "of its lines expired first, and otherwise complete: every line's content is stored, or the "
                    + "line is final (failed). Rejected lines are not listed (they were never accepted and are not "
                    + "kept; their problems were in the manifest's answer): rejectedItems counts them.")
    BatchStatus batch(Caller caller, @PathVariable String deviceId, @PathVariable String batchId) {
        DeviceId device = DeviceId.parse(deviceId);
        BatchId id = new BatchId(Ids.parse(batchId, "batch"));
        return manifests.status(caller.user(), device, id);
    }
}
