package dev.camroll.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import dev.camroll.client.ProblemException;
import dev.camroll.client.Sync;
import dev.camroll.testing.CameraRolls;

/**
 * One phone of a user, syncing its camera roll the way the app does in its background runs: it registers, reads the
 * policy, announces its files in manifests of {@link #MANIFEST_LINES} (each retried with its {@code Idempotency-Key}),
 * and uploads what the service asks for, resuming after any failure. It stops when the user withdraws.
 */
final class Phone implements Runnable {

    static final int MANIFEST_LINES = 10;

    private final User user;

    private final String deviceId;

    private final List<CameraRolls.RollFile> files;

    private final Calls calls;

    private final AtomicLong uploaded;

    private final int index;

    Phone(User user, int index, Calls calls, AtomicLong uploaded) {
        this.user = user;
        this.deviceId = "phone-" + (index + 1);
        this.files = user.phones.get(index);
        this.calls = calls;
        this.uploaded = uploaded;
        this.index = index;
    }

    @Override
    public void run() {
        try {
            sync();
        } catch (ProblemException e) {
            // After a withdrawal the service refuses the phone, or has already purged its uploads (404, 410): expected.
            if (!user.withdrawn) {
                stopped(e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            stopped(e);
        }
    }

    private void stopped(RuntimeException e) {
        user.problems.put(deviceId, "stopped: " + e);
        ClusterRig.progress("%s %s stopped syncing: %s", user.subject, deviceId, e);
    }

    private void sync() throws InterruptedException {
        calls.call(
                "PUT /v1/devices/{deviceId}",
                () -> user.client
                        .devices()
                        .register(deviceId, index == 0 ? "ios" : "android", "2.4.0", null, null, "full"));
        calls.call("GET /v1/sync/policy", () -> user.client.sync().policy(deviceId));
        for (int from = 0; from < files.size() && !user.withdrawn; from += MANIFEST_LINES) {
            List<CameraRolls.RollFile> chunk = files.subList(from, Math.min(files.size(), from + MANIFEST_LINES));
            List<Sync.ManifestItem> items = new ArrayList<>();
            for (CameraRolls.RollFile file : chunk) {
                items.add(Sync.ManifestItem.of(file.path(), file.sha256(), file.size(), mimeType(file), kind(file)));
            }
            String key = UUID.randomUUID().toString();
            Sync.Batch batch = calls.call(
                    "POST /v1/devices/{deviceId}/batches",
                    () -> user.client.sync().sendManifest(deviceId, items, key));
            for (int i = 0; i < chunk.size() && !user.withdrawn; i++) {
                CameraRolls.RollFile file = chunk.get(i);
                Sync.Decision decision = batch.items().get(i);
                switch (decision.disposition()) {
                    case "duplicate" -> user.acknowledged.add(file.sha256());
                    case "upload" -> {
                        calls.call(
                                "tus upload (HEAD + PATCH)",
                                () -> user.client
                                        .uploads()
                                        .upload(
                                                decision.upload().url(),
                                                user.roll.root().resolve(file.path()),
                                                (o, s, n) -> {}));
                        user.acknowledged.add(file.sha256());
                        uploaded.incrementAndGet();
                    }
                    default ->
                        user.problems.put(
                                file.path(),
                                decision.disposition()
                                        + (decision.problem() == null
                                                ? ""
                                                : " " + decision.problem().slug()));
                }
            }
        }
    }

    static String mimeType(CameraRolls.RollFile file) {
        String name = file.path().toLowerCase(Locale.ROOT);
        if (name.endsWith(".heic")) {
            return "image/heic";
        } else if (name.endsWith(".mov")) {
            return "video/quicktime";
        } else if (name.endsWith(".mp4")) {
            return "video/mp4";
        }
        return "image/jpeg";
    }

    static String kind(CameraRolls.RollFile file) {
        return mimeType(file).startsWith("video/") ? "video" : "photo";
    }
}
