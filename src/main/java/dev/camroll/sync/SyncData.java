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
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camroll.identity.Subject;
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

    /** Manifests read at a time for the export; with their lines (at most max-items-per-batch each) in memory. */
    private static final int EXPORT_PAGE = 10;

    private final JdbcClient jdbc;

    private final Devices devices;

    SyncData(JdbcClient jdbc, Devices devices) {
        this.jdbc = jdbc;
        this.devices = devices;
    }

    @Override
    public Map<String, Integer> erase(Subject user, PurgeScope scope) {
        String subject = user.value();
        jdbc.sql("DELETE FROM batch_items WHERE batch_id IN (SELECT batch_id FROM batches WHERE subject = ?)")
                .param(subject)
                .update();
        int batches =
                jdbc.sql("DELETE FROM batches WHERE subject = ?").param(subject).update();
        int devices = scope == PurgeScope.ACCOUNT
                ? jdbc.sql("DELETE FROM devices WHERE subject = ?")
                        .param(subject)
                        .update()
                : 0;
        return Map.of("batches", batches, "devices", devices);
    }

    /** A manifest as the app sent it, for the export: the lines kept (rejected ones are not). */
    record Manifest(UUID batchId, String deviceId, Instant createdAt, List<ManifestLine> items) {}

    /** One kept line of a manifest as the app sent it, and what the service decided for it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ManifestLine(
            String clientAssetId,
            String sha256,
            long size,
            String mimeType,
            String kind,
            Instant capturedAt,
            String pairedWith,
            String disposition,
            UUID mediaId) {}

    /**
     * The devices as {@code GET /v1/devices/{deviceId}} shows each, the most recently synced first (a few:
     * {@code camroll.sync.max-devices}), and the manifests, oldest first, each line as the app sent it with the
     * service's decision, read a few manifests at a time.
     */
    @Override
    public void export(Subject user, ExportSection section, Consumer<Object> items) {
        String subject = user.value();
        if (section == ExportSection.DEVICES) {
            devices.all(subject).forEach(items);
        } else if (section == ExportSection.BATCHES) {
            List<Manifest> page;
            Manifest last = null;
            do {
                page = manifestsAfter(subject, last);
                page.forEach(items);
                last = page.isEmpty() ? null : page.get(page.size() - 1);
            } while (page.size() == EXPORT_PAGE);
        }
    }

    /** Up to {@link #EXPORT_PAGE} of the user's manifests after {@code last} (oldest first), with their lines. */
    private List<Manifest> manifestsAfter(String subject, Manifest last) {
        Map<UUID, Manifest> manifests = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT batch_id, device_id, created_at FROM batches
                WHERE subject = ? AND (CAST(? AS timestamptz) IS NULL OR (created_at, batch_id) > (?, ?))
                ORDER BY created_at, batch_id LIMIT ?
                """)
                .params(
                        subject,
                        last == null ? null : Timestamp.from(last.createdAt()),
                        last == null ? null : Timestamp.from(last.createdAt()),
                        last == null ? null : last.batchId(),
                        EXPORT_PAGE)
                .query((rs, n) -> manifests.put(
                        rs.getObject(1, UUID.class),
                        new Manifest(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                instant(rs, "created_at"),
                                new ArrayList<>())))
                .list();
        if (manifests.isEmpty()) {
            return List.of();
        }
        jdbc.sql("""
                SELECT batch_id, client_asset_id, sha256, size, mime_type, kind, captured_at, paired_with, disposition,
                       media_id
                FROM batch_items WHERE batch_id = ANY (?) ORDER BY batch_id, position
                """)
                .param(manifests.keySet().toArray(UUID[]::new))
                .query((rs, n) -> manifests
                        .get(rs.getObject("batch_id", UUID.class))
                        .items()
                        .add(new ManifestLine(
                                rs.getString("client_asset_id"),
                                rs.getString("sha256"),
                                rs.getLong("size"),
                                rs.getString("mime_type"),
                                rs.getString("kind"),
                                instant(rs, "captured_at"),
                                rs.getString("paired_with"),
                                rs.getString("disposition"),
                                rs.getObject("media_id", UUID.class))))
                .list();
        return List.copyOf(manifests.values());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }
}
