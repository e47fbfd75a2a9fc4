package dev.camroll.sync;

import java.time.Instant;
import java.util.List;

import org.springframework.stereotype.Component;

/** The devices a user syncs from, as staff see them in the support console. */
@Component
public class UserDevices {

    /**
     * One registered device.
     *
     * @param photoLibraryAccess the OS photo permission the app last reported ({@code full}, {@code limited},
     *     {@code none}): context for "why did my uploads stop?", never consent
     * @param lastSyncAt when the device last sent a manifest, or null if it never did
     */
    public record Summary(
            String deviceId,
            String platform,
            String appVersion,
            String model,
            String osVersion,
            String photoLibraryAccess,
            Instant registeredAt,
            Instant updatedAt,
            Instant lastSyncAt) {}

    private final Devices devices;

    UserDevices(Devices devices) {
        this.devices = devices;
    }

    /** The user's devices, the most recently synced first (never synced last). */
    public List<Summary> of(String subject) {
        return devices.all(subject).stream()
                .map(d -> new Summary(
                        d.deviceId(),
                        d.platform(),
                        d.appVersion(),
                        d.model(),
                        d.osVersion(),
                        d.photoLibraryAccess(),
                        d.registeredAt(),
                        d.updatedAt(),
                        d.lastSyncAt()))
                .toList();
    }
}
