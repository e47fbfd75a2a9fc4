package dev.camroll.sync.internal;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** A device as the app registered it; {@code photoLibraryAccess} is the OS permission, context only. */
record Device(
        String deviceId,
        String platform,
        String appVersion,
        @Schema(nullable = true) @Nullable String model,
        @Schema(nullable = true) @Nullable String osVersion,
        String photoLibraryAccess,
        Instant registeredAt,
        Instant updatedAt,
        @Schema(nullable = true) @Nullable Instant lastSyncAt) {}
