package dev.camroll.sync;

import java.time.Instant;
import java.util.List;

import dev.camroll.identity.Subject;
import org.jspecify.annotations.Nullable;

/** The devices a user syncs from, as staff see them in the support console. */
public interface UserDevices {

    /**
     * One registered device.
     *
     * @param photoLibraryAccess the OS photo permission the app last reported ({@code full}, {@code limited},
     *     {@code none}): context for "why did my uploads stop?", never consent
     * @param lastSyncAt when the device last sent a manifest, or null if it never did
     */
    record Summary(
            String deviceId,
            String platform,
            String appVersion,
            @Nullable String model,
            @Nullable String osVersion,
            String photoLibraryAccess,
            Instant registeredAt,
            Instant updatedAt,
            @Nullable Instant lastSyncAt) {}

    /** The user's devices, the most recently synced first (never synced last). */
    List<Summary> of(Subject subject);
}
