package dev.camroll.sync.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.camroll.api.ProblemException;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.sync.SyncProblem;
import dev.camroll.sync.SyncSettings;
import dev.camroll.sync.UserDevices;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The devices users sync from. */
@Component
class Devices implements UserDevices {

    private final RegisteredDevices devices;

    private final UserAccounts accounts;

    private final SyncSettings settings;

    Devices(RegisteredDevices devices, UserAccounts accounts, SyncSettings settings) {
        this.devices = devices;
        this.accounts = accounts;
        this.settings = settings;
    }

    /**
     * Registers or updates a device; true when it is new. A new device is refused while the user has
     * {@code camroll.sync.max-devices} in use (registered, updated or synced within {@code device-idle-after}); an
     * update is always accepted. Under the user's lock, so racing registrations cannot pass the cap together.
     */
    @Transactional
    boolean register(Subject subject, Device device) {
        accounts.lock(subject);
        Optional<RegisteredDevice> known = devices.findById(key(subject, new DeviceId(device.deviceId())));
        if (known.isPresent()) {
            known.get().update(device);
            return false;
        }
        long inUse = devices.countInUseSince(subject.value(), device.updatedAt().minus(settings.deviceIdleAfter()));
        if (inUse >= settings.maxDevices()) {
            throw new ProblemException(
                            SyncProblem.TOO_MANY_DEVICES,
                            "At most " + settings.maxDevices()
                                    + " devices can be in use at once; a device counts until it has neither synced nor been "
                                    + "registered for "
                                    + settings.deviceIdleAfter().toDays() + " days.")
                    .with("maxDevices", settings.maxDevices());
        }
        devices.save(RegisteredDevice.register(subject.value(), device));
        return true;
    }

    @Transactional(readOnly = true)
    Optional<Device> find(Subject subject, DeviceId deviceId) {
        return devices.findById(key(subject, deviceId)).map(RegisteredDevice::toDevice);
    }

    /** The device, or {@code 404 not-found} telling the app to register it first. */
    Device require(Subject subject, DeviceId deviceId) {
        return find(subject, deviceId).orElseThrow(() -> unknown(deviceId));
    }

    /** All of the user's devices, the most recently synced first. */
    @Transactional(readOnly = true)
    List<Device> all(Subject subject) {
        return devices.findAllOf(subject.value()).stream()
                .map(RegisteredDevice::toDevice)
                .toList();
    }

    @Override
    public List<Summary> of(Subject subject) {
        return all(subject).stream()
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

    /** Records that the device sent a manifest; in the manifest's transaction. */
    @Transactional
    void synced(Subject subject, DeviceId deviceId, Instant at) {
        devices.findById(key(subject, deviceId)).ifPresent(device -> device.synced(at));
    }

    /** Deletes the user's devices (the account is erased); how many there were. */
    @Transactional
    int erase(Subject subject) {
        return devices.deleteAllOf(subject.value());
    }

    static ProblemException unknown(DeviceId deviceId) {
        return ProblemException.notFound(
                "No registered device '" + deviceId + "'; register it with PUT /v1/devices/" + deviceId + " first.");
    }

    private static RegisteredDevice.Key key(Subject subject, DeviceId deviceId) {
        return new RegisteredDevice.Key(subject.value(), deviceId.value());
    }
}
