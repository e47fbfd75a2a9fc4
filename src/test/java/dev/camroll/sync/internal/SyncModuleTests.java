package dev.camroll.sync.internal;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.privacy.ExportSection;
import dev.camroll.privacy.PurgeScope;
import dev.camroll.sync.UserDevices;
import dev.camroll.sync.internal.Batches.Batch;
import dev.camroll.sync.internal.Batches.Disposition;
import dev.camroll.sync.internal.Batches.Line;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Sync on its own (with the modules it depends on), on the test PostgreSQL: its devices, its kept manifests and what
 * a purge and the export see of them, driven through the module's classes rather than HTTP.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@TestPropertySource(properties = "camroll.jobs.enabled=false")
class SyncModuleTests {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @Autowired
    Devices devices;

    @Autowired
    UserDevices userDevices;

    @Autowired
    Batches batches;

    @Autowired
    SyncData data;

    @Test
    void registeringADeviceAgainUpdatesItButKeepsWhenItWasFirstRegistered() {
        Subject user = newUser();

        boolean first = devices.register(user, device("phone", "1.0", NOW.minus(3, ChronoUnit.DAYS)));
        boolean again = devices.register(user, device("phone", "2.0", NOW));

        Device phone = devices.find(user, new DeviceId("phone")).orElseThrow();
        assertThat(first).isTrue();
        assertThat(again).isFalse();
        assertThat(phone.appVersion()).isEqualTo("2.0");
        assertThat(phone.registeredAt()).isEqualTo(NOW.minus(3, ChronoUnit.DAYS));
        assertThat(phone.updatedAt()).isEqualTo(NOW);
        assertThat(phone.lastSyncAt()).isNull();
    }

    @Test
    void theUsersDevicesAreListedMostRecentlySyncedFirstAndNeverSyncedLast() {
        Subject user = newUser();
        devices.register(user, device("old-phone", "1.0", NOW));
        devices.register(user, device("tablet", "1.0", NOW));
        devices.register(user, device("phone", "1.0", NOW));
        synced(user, "tablet", NOW.minus(2, ChronoUnit.DAYS));
        synced(user, "phone", NOW.minus(1, ChronoUnit.DAYS));

        assertThat(userDevices.of(user))
                .extracting(UserDevices.Summary::deviceId)
                .containsExactly("phone", "tablet", "old-phone");
    }

    @Test
    void theExportListsEveryManifestOldestFirstWithItsKeptLinesPageByPage() {
        Subject user = newUser();
        devices.register(user, device("phone", "1.0", NOW));
        List<BatchId> sent = new ArrayList<>();
        for (int i = 0; i < 12; i++) { // more than one export page
            BatchId id = BatchId.newId();
            sent.add(id);
            batches.add(
                    new Batch(id, user, new DeviceId("phone"), NOW.minus(12 - i, ChronoUnit.MINUTES), 1),
                    List.of(line("a" + i, Disposition.UPLOAD), line("b" + i, Disposition.DUPLICATE)));
        }

        List<Object> exported = new ArrayList<>();
        data.export(user, ExportSection.BATCHES, exported::add);

        assertThat(exported)
                .extracting(manifest -> ((SyncData.Manifest) manifest).batchId())
                .containsExactlyElementsOf(sent.stream().map(BatchId::value).toList());
        SyncData.Manifest last = (SyncData.Manifest) exported.get(11);
        assertThat(last.deviceId()).isEqualTo("phone");
        assertThat(last.items())
                .extracting(SyncData.ManifestLine::clientAssetId, SyncData.ManifestLine::disposition)
                .containsExactly(tuple("a11", "upload"), tuple("b11", "duplicate"));
    }

    @Test
    void aWithdrawalPurgesTheManifestsButTheDevicesGoOnlyWithTheAccount() {
        Subject user = newUser();
        devices.register(user, device("phone", "1.0", NOW));
        BatchId batch = BatchId.newId();
        batches.add(new Batch(batch, user, new DeviceId("phone"), NOW, 0), List.of(line("a", Disposition.UPLOAD)));

        Map<String, Integer> withdrawal = data.erase(user, PurgeScope.WITHDRAWAL);

        assertThat(withdrawal).containsEntry("batches", 1).containsEntry("devices", 0);
        assertThat(batches.lines(batch)).isEmpty();
        assertThat(devices.all(user)).hasSize(1);
        assertThat(data.erase(user, PurgeScope.ACCOUNT)).containsEntry("devices", 1);
        assertThat(devices.all(user)).isEmpty();
    }

    @Test
    void theAllowanceSeesTheNthNewestManifestOfTheWindowOnly() {
        Subject user = newUser();
        devices.register(user, device("phone", "1.0", NOW));
        for (int minutesAgo : new int[] {30, 20, 10}) {
            batches.add(
                    new Batch(
                            BatchId.newId(), user, new DeviceId("phone"), NOW.minus(minutesAgo, ChronoUnit.MINUTES), 0),
                    List.of());
        }

        assertThat(batches.nthNewestSince(user, NOW.minus(1, ChronoUnit.HOURS), 2))
                .contains(NOW.minus(20, ChronoUnit.MINUTES));
        assertThat(batches.nthNewestSince(user, NOW.minus(25, ChronoUnit.MINUTES), 3))
                .isEmpty();
    }

    @Test
    void aRejectedLineIsAnsweredButNeverKept() {
        assertThatThrownBy(() -> line("junk", Disposition.REJECTED)).isInstanceOf(IllegalArgumentException.class);
    }

    private void synced(Subject user, String deviceId, Instant at) {
        devices.synced(user, new DeviceId(deviceId), at);
    }

    private static Subject newUser() {
        return Subject.of("sync-module-" + UUID.randomUUID());
    }

    private static Device device(String deviceId, String appVersion, Instant at) {
        return new Device(deviceId, "ios", appVersion, "iPhone", "18.1", "full", at, at, null);
    }

    private static Line line(String clientAssetId, Disposition disposition) {
        return new Line(
                clientAssetId,
                "0".repeat(64),
                1024,
                "image/jpeg",
                "photo",
                null,
                null,
                disposition,
                UUID.randomUUID(),
                disposition == Disposition.UPLOAD ? UUID.randomUUID() : null);
    }
}
