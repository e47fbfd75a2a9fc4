package dev.camroll.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.camroll.api.ProblemException;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The devices users sync from. */
@Component
class Devices {

    private final JdbcClient jdbc;

    private final UserAccounts accounts;

    private final SyncSettings settings;

    Devices(JdbcClient jdbc, UserAccounts accounts, SyncSettings settings) {
        this.jdbc = jdbc;
        this.accounts = accounts;
        this.settings = settings;
    }

    /**
     * Registers or updates a device; true when it is new. A new device is refused while the user has
     * {@code camroll.sync.max-devices} in use (registered, updated or synced within {@code device-idle-after}); an
     * update is always accepted. Under the user's lock, so racing registrations cannot pass the cap together.
     */
    @Transactional
    boolean register(String subject, Device device) {
        accounts.lock(Subject.of(subject));
        if (find(subject, device.deviceId()).isEmpty()) {
            int inUse = jdbc.sql(
                            "SELECT count(*) FROM devices WHERE subject = ? AND greatest(updated_at, last_sync_at) > ?")
                    .params(subject, Timestamp.from(device.updatedAt().minus(settings.deviceIdleAfter())))
                    .query(Integer.class)
                    .single();
            if (inUse >= settings.maxDevices()) {
                throw new ProblemException(
                                SyncProblem.TOO_MANY_DEVICES,
                                "At most " + settings.maxDevices()
                                        + " devices can be in use at once; a device counts until it has neither synced nor been "
                                        + "registered for "
                                        + settings.deviceIdleAfter().toDays() + " days.")
                        .with("maxDevices", settings.maxDevices());
            }
        }
        return save(subject, device);
    }

    private boolean save(String subject, Device device) {
        Instant now = device.updatedAt();
        return jdbc.sql("""
                INSERT INTO devices (subject, device_id, platform, app_version, model, os_version, photo_library_access,
                    registered_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (subject, device_id) DO UPDATE SET platform = excluded.platform,
                    app_version = excluded.app_version, model = excluded.model, os_version = excluded.os_version,
                    photo_library_access = excluded.photo_library_access, updated_at = excluded.updated_at
                RETURNING (xmax = 0)
                """)
                .params(
                        subject,
                        device.deviceId(),
                        device.platform(),
                        device.appVersion(),
                        device.model(),
                        device.osVersion(),
                        device.photoLibraryAccess(),
                        Timestamp.from(now),
                        Timestamp.from(now))
                .query(Boolean.class)
                .single();
    }

    Optional<Device> find(String subject, String deviceId) {
        return jdbc.sql("""
                SELECT device_id, platform, app_version, model, os_version, photo_library_access, registered_at,
                    updated_at, last_sync_at
                FROM devices WHERE subject = ? AND device_id = ?
                """).params(subject, deviceId).query(Devices::device).optional();
    }

    /** All of the user's devices, the most recently synced first. */
    List<Device> all(String subject) {
        return jdbc.sql("""
                SELECT device_id, platform, app_version, model, os_version, photo_library_access, registered_at,
                    updated_at, last_sync_at
                FROM devices WHERE subject = ? ORDER BY last_sync_at DESC NULLS LAST, device_id
                """).param(subject).query(Devices::device).list();
    }

    static ProblemException unknown(String deviceId) {
        return ProblemException.notFound(
                "No registered device '" + deviceId + "'; register it with PUT /v1/devices/" + deviceId + " first.");
    }

    void synced(String subject, String deviceId, Instant at) {
        jdbc.sql("UPDATE devices SET last_sync_at = ? WHERE subject = ? AND device_id = ?")
                .params(Timestamp.from(at), subject, deviceId)
                .update();
    }

    private static Device device(ResultSet rs, int row) throws SQLException {
        Timestamp lastSync = rs.getTimestamp(9);
        return new Device(
                rs.getString(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getTimestamp(7).toInstant(),
                rs.getTimestamp(8).toInstant(),
                lastSync == null ? null : lastSync.toInstant());
    }
}
