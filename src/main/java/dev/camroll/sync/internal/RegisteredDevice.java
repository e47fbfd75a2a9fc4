package dev.camroll.sync.internal;

import java.io.Serializable;
import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.jspecify.annotations.Nullable;

/**
 * A row of {@code devices}: a device as the app last registered it, and when it last sent a manifest. Registering
 * again updates what the app reports, never when the device was first registered.
 */
@Entity
@Table(name = "devices")
class RegisteredDevice {

    /** Device ids are unique per user only. */
    @Embeddable
    record Key(String subject, @Column(name = "device_id") String deviceId) implements Serializable {}

    @EmbeddedId
    private Key id;

    private String platform;

    @Column(name = "app_version")
    private String appVersion;

    private @Nullable String model;

    @Column(name = "os_version")
    private @Nullable String osVersion;

    @Column(name = "photo_library_access")
    private String photoLibraryAccess;

    @Column(name = "registered_at")
    private Instant registeredAt;

    @Column(name = "updated_at")
    private Instant updatedAt;

    @Column(name = "last_sync_at")
    private @Nullable Instant lastSyncAt;

    @SuppressWarnings("NullAway.Init")
    protected RegisteredDevice() {
        // for JPA
    }

    /** A device registered for the first time, as {@code device} describes it. */
    static RegisteredDevice register(String subject, Device device) {
        RegisteredDevice registered = new RegisteredDevice();
        registered.id = new Key(subject, device.deviceId());
        registered.registeredAt = device.registeredAt();
        registered.update(device);
        return registered;
    }

    /** What the app reports about the device now; when it was registered and last synced stay. */
    void update(Device device) {
        platform = device.platform();
        appVersion = device.appVersion();
        model = device.model();
        osVersion = device.osVersion();
        photoLibraryAccess = device.photoLibraryAccess();
        updatedAt = device.updatedAt();
    }

    void synced(Instant at) {
        lastSyncAt = at;
    }

    Device toDevice() {
        return new Device(
                id.deviceId(),
                platform,
                appVersion,
                model,
                osVersion,
                photoLibraryAccess,
                registeredAt,
                updatedAt,
                lastSyncAt);
    }
}
