package dev.camroll.sync;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.camroll.api.ProblemType;

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

    /** A manifest as the app sent it, for the export. */
    record Manifest(UUID batchId, String deviceId, Instant createdAt, List<ManifestLine> items) {
    }

    /** One line of a manifest as the app sent it, and what the service decided for it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ManifestLine(String clientAssetId, String sha256, long size, String mimeType, String kind,
            Instant capturedAt, String pairedWith, String disposition, UUID mediaId, BatchViews.ItemProblem problem) {
    }

    /**
     * The devices as {@code GET /v1/devices/{deviceId}} shows each, the most recently synced first, and the manifests,
     * oldest first, each line as the app sent it with the service's decision.
     */
    @Override
    public Map<ExportSection, List<?>> export(String subject) {
        Map<UUID, Manifest> manifests = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT b.batch_id, b.device_id, b.created_at, i.client_asset_id, i.sha256, i.size, i.mime_type, i.kind,
                       i.captured_at, i.paired_with, i.disposition, i.media_id
                FROM batches b JOIN batch_items i ON i.batch_id = b.batch_id
                WHERE b.subject = ?
                ORDER BY b.created_at, b.batch_id, i.position
                """)
            .param(subject)
            .query((rs, n) -> {
                UUID batchId = rs.getObject("batch_id", UUID.class);
                String deviceId = rs.getString("device_id");
                Instant createdAt = instant(rs, "created_at");
                Manifest manifest = manifests.computeIfAbsent(batchId,
                        id -> new Manifest(id, deviceId, createdAt, new ArrayList<>()));
                manifest.items().add(new ManifestLine(rs.getString("client_asset_id"), rs.getString("sha256"),
                        rs.getLong("size"), rs.getString("mime_type"), rs.getString("kind"), instant(rs, "captured_at"),
                        rs.getString("paired_with"), rs.getString("disposition"), rs.getObject("media_id", UUID.class),
                        null));
                return batchId;
            })
            .list();
        return Map.of(ExportSection.DEVICES, devices.all(subject), ExportSection.BATCHES,
                List.copyOf(manifests.values()));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
