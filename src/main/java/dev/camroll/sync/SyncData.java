package dev.camroll.sync;

import java.util.List;
import java.util.Map;

import dev.camroll.privacy.ExportSection;
import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PurgeScope;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A user's batch manifests in a purge (they list the camera roll's hashes, sizes and times), and the devices in the
 * export. Devices are the app's registration, not camera-roll data: they go only when the account is erased.
 */
@Component
class SyncData implements PersonalData {

    private final JdbcClient jdbc;

    private final Devices devices;

    SyncData(JdbcClient jdbc, Devices devices) {
        this.jdbc = jdbc;
        this.devices = devices;
    }

    @Override
    public Map<String, Integer> erase(String subject, PurgeScope scope) {
        jdbc.sql("DELETE FROM batch_items WHERE batch_id IN (SELECT batch_id FROM batches WHERE subject = ?)")
            .param(subject)
            .update();
        int batches = jdbc.sql("DELETE FROM batches WHERE subject = ?").param(subject).update();
        int devices = scope == PurgeScope.ACCOUNT
                ? jdbc.sql("DELETE FROM devices WHERE subject = ?").param(subject).update() : 0;
        return Map.of("batches", batches, "devices", devices);
    }

    /** The devices as {@code GET /v1/devices/{deviceId}} shows each, the most recently synced first. */
    @Override
    public Map<ExportSection, List<?>> export(String subject) {
        return Map.of(ExportSection.DEVICES, devices.all(subject));
    }
}
