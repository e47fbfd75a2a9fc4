package dev.camroll.sync;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** A device as the app registered it; {@code photoLibraryAccess} is the OS permission, context only. */
record Device(
        String deviceId,
        String platform,
        String appVersion,
        @Schema(nullable = true) String model,
        @Schema(nullable = true) String osVersion,
        String photoLibraryAccess,
        Instant registeredAt,
        Instant updatedAt,
        @Schema(nullable = true) Instant lastSyncAt) {}
