package dev.camroll.sync.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camroll.identity.Subject;
import dev.camroll.privacy.ExportSection;
import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PurgeScope;
import dev.camroll.sync.internal.Batches.Batch;
import dev.camroll.sync.internal.Batches.Line;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A user's batch manifests in a purge (they list the camera roll's hashes, sizes and times), and the devices in the
 * export. Devices are the app's registration, not camera-roll data: they go only when the account is erased.
 */
@Component
class SyncData implements PersonalData {

    /** Manifests read at a time for the export; with their lines (at most max-items-per-batch each) in memory. */
    private static final int EXPORT_PAGE = 10;

    private final Batches batches;

    private final Devices devices;

    SyncData(Batches batches, Devices devices) {
        this.batches = batches;
        this.devices = devices;
    }

    @Override
    public Map<String, Integer> erase(Subject user, PurgeScope scope) {
        String subject = user.value();
        int erased = batches.erase(user); // before the devices their batches name
        int devices = scope == PurgeScope.ACCOUNT ? this.devices.erase(user) : 0;
        return Map.of("batches", erased, "devices", devices);
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
            @Nullable Instant capturedAt,
            @Nullable String pairedWith,
            String disposition,
            @Nullable UUID mediaId) {}

    /**
     * The devices as {@code GET /v1/devices/{deviceId}} shows each, the most recently synced first (a few:
     * {@code camroll.sync.max-devices}), and the manifests, oldest first, each line as the app sent it with the
     * service's decision, read a few manifests at a time.
     */
    @Override
    public void export(Subject user, ExportSection section, Consumer<Object> items) {
        String subject = user.value();
        if (section == ExportSection.DEVICES) {
            devices.all(user).forEach(items);
        } else if (section == ExportSection.BATCHES) {
            Map<Batch, List<Line>> page;
            @Nullable Batch last = null;
            do {
                page = batches.pageAfter(user, last, EXPORT_PAGE);
                page.forEach((batch, lines) -> items.accept(manifest(batch, lines)));
                for (Batch batch : page.keySet()) {
                    last = batch;
                }
            } while (page.size() == EXPORT_PAGE);
        }
    }

    private static Manifest manifest(Batch batch, List<Line> lines) {
        return new Manifest(
                batch.id().value(),
                batch.deviceId().value(),
                batch.createdAt(),
                lines.stream()
                        .map(line -> new ManifestLine(
                                line.clientAssetId(),
                                line.sha256(),
                                line.size(),
                                line.mimeType(),
                                line.kind(),
                                line.capturedAt(),
                                line.pairedWith(),
                                line.disposition().slug(),
                                line.mediaId()))
                        .toList());
    }
}
