package dev.camroll.sync;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Sync limits ({@code camroll.sync.*}), told to the app by {@code GET /v1/sync/policy} and enforced on every manifest
 * (the largest file and the accepted types are upload settings: {@code camroll.upload.*}).
 *
 * @param minInterval The shortest time the app should leave between background runs.
 * @param maxItemsPerBatch Most lines in one manifest.
 * @param maxBytesPerBatch Most bytes one manifest may announce for upload.
 * @param quota Bytes a user may store, stored media and open uploads together.
 * @param videoRequiresUnmetered Whether the app should upload videos only on unmetered networks.
 * @param busyQueueDepth When this many analyses wait, all users together, every user's new manifests are refused
 *     (server-busy) until the queue drains: the backstop for a truly overloaded service. Keep it well above
 *     busy-user-queue-depth, or one user's backlog refuses everyone.
 * @param busyRetryAfter When the app should ask again while the service is busy.
 * @param busyUserQueueDepth When this many analyses of one user wait, that user's new manifests are refused
 *     (server-busy) until their own backlog drains, so one user's uploads do not pile up faster than they can be
 *     processed; other users are not refused because of it.
 * @param maxBatchesPerDay Most manifests one user may send in any 24 hours; one more is refused (429 rate-limited,
 *     with Retry-After) so a client in a loop cannot pile up batch rows.
 * @param maxDevices Most devices one user may have in use (registered, updated or synced within device-idle-after);
 *     registering one more is refused (409 too-many-devices).
 * @param deviceIdleAfter A device neither registered again nor synced for this long no longer counts toward
 *     max-devices, so reinstalling the app over the years never locks a user out.
 */
@ConfigurationProperties("camroll.sync")
@Validated
public record SyncSettings(
        @DefaultValue("15m") Duration minInterval,
        @DefaultValue("500") @Min(1) @Max(10_000) int maxItemsPerBatch,
        @DefaultValue("10GB") DataSize maxBytesPerBatch,
        @DefaultValue("50GB") DataSize quota,
        @DefaultValue("true") boolean videoRequiresUnmetered,
        @DefaultValue("10000") @Min(1) long busyQueueDepth,
        @DefaultValue("5m") Duration busyRetryAfter,
        @DefaultValue("1000") @Min(1) long busyUserQueueDepth,
        @DefaultValue("500") @Min(1) int maxBatchesPerDay,
        @DefaultValue("20") @Min(1) @Max(1000) int maxDevices,
        @DefaultValue("90d") @DurationMin(days = 1) Duration deviceIdleAfter) {}
