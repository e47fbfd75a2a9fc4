package dev.camroll.sync;

import java.time.Instant;

/** A device as the app registered it; {@code photoLibraryAccess} is the OS permission, context only. */
record Device(String deviceId, String platform, String appVersion, String model, String osVersion,
        String photoLibraryAccess, Instant registeredAt, Instant updatedAt, Instant lastSyncAt) {
}
