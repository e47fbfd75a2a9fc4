package dev.camroll.sync.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** The {@code devices} table: the only code that reads or writes it. */
interface RegisteredDevices extends Repository<RegisteredDevice, RegisteredDevice.Key> {

    Optional<RegisteredDevice> findById(RegisteredDevice.Key id);

    RegisteredDevice save(RegisteredDevice device);

    /** The user's devices, the most recently synced first, never synced last. */
    @Query("""
            SELECT d FROM RegisteredDevice d WHERE d.id.subject = :subject
            ORDER BY d.lastSyncAt DESC NULLS LAST, d.id.deviceId
            """)
    List<RegisteredDevice> findAllOf(String subject);

    /** How many of the user's devices were registered, updated or synced after {@code since}. */
    @Query("""
            SELECT count(d) FROM RegisteredDevice d
            WHERE d.id.subject = :subject AND greatest(d.updatedAt, d.lastSyncAt) > :since
            """)
    long countInUseSince(String subject, Instant since);

    @Modifying
    @Query("DELETE FROM RegisteredDevice d WHERE d.id.subject = :subject")
    int deleteAllOf(String subject);
}
