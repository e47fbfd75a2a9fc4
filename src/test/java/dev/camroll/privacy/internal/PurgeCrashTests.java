package dev.camroll.privacy.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.Api;
import dev.camroll.testing.CrashRecovery;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.ServiceProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.Lifecycle;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A crash in the middle of a purge completes after restart: a service process is killed with SIGKILL while it deletes
 * a user's objects, and once another instance has taken the purge back nothing of the user is left, and the
 * {@code DATA_PURGED} entry counts and digests every object, those deleted before the crash too.
 */
class PurgeCrashTests extends EndToEndTest {

    /**
     * Media of the seeded user, each with a preview, a thumbnail and an original: 2,100 objects, which the purge takes
     * about a second or more to delete here, wide enough a window for the kill to land in.
     */
    static final int MEDIA = 700;

    /**
     * The lease of the instance that dies: short, so its claim comes back within seconds, and long enough that its
     * purge is not taken back before it is killed.
     */
    static final Duration LEASE = Duration.ofSeconds(5);

    @Autowired
    ObjectStore store;

    @Autowired
    ApplicationContext context;

    @TempDir
    Path work;

    @Test
    void aPurgeKilledWhileDeletingObjectsCompletesAfterARestartAndDigestsEveryKey() throws Exception {
        String user = newUser("crash-purge");
        String token = token(user);
        // The purge waits in the queue for the instance that is going to die; otherwise this one would race it.
        Lifecycle workersHere = context.getBean("jobWorkers", Lifecycle.class);
        workersHere.stop();
        try {
            assertThat(give(token, "cloud_processing").status()).isEqualTo(200);
            String prefix = "u/" + userKey(user) + "/";
            // The instance that is going to die starts while the user's data is seeded (both take seconds).
            CompletableFuture<ServiceProcess> starting = CompletableFuture.supplyAsync(() -> ServiceProcess.start(
                    CrashRecovery.instance(settings.dataDir(), LEASE),
                    List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + work),
                    work.resolve("first.log"),
                    Duration.ofMinutes(2)));
            List<String> seeded;
            try {
                seeded = seedObjects(prefix, seedMedia(user));
            } catch (Exception | AssertionError e) {
                starting.thenAccept(ServiceProcess::close);
                throw e;
            }
            assertThat(store.list(prefix)).as("seeded objects").hasSize(seeded.size());
            Map<Path, FileTime> seededDirectories = modified(userDirectory(prefix));

            UUID purgeId;
            long deadPid;
            int leftAtKill;
            int recordedAtKill;
            Duration killedAfter;
            try (ServiceProcess first = starting.get()) {
                deadPid = first.pid();
                long withdrawing = System.nanoTime();
                Api.Response withdrawn = withdraw(token, "cloud_processing");
                assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
                purgeId = jdbc.queryForObject("SELECT purge_id FROM purges WHERE subject = ?", UUID.class, user);

                // Deleting a file changes its directory's modification time: once one has, the purge is deleting
                // the user's objects, and the process dies in the middle of it.
                long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (modified(userDirectory(prefix)).equals(seededDirectories)) {
                    assertThat(System.nanoTime())
                            .as("the purge began deleting; its log:\n" + first.logTail(30))
                            .isLessThan(giveUp);
                    Thread.sleep(1);
                }
                first.kill();
                killedAfter = Duration.ofNanos(System.nanoTime() - withdrawing);

                leftAtKill = store.list(prefix).size();
                recordedAtKill = recordedKeys(purgeId);
                assertThat(finished(purgeId))
                        .as("the purge was not finished when its process was killed")
                        .isFalse();
                assertThat(leftAtKill)
                        .as("objects the killed purge left; its log:\n" + first.logTail(30))
                        .isBetween(1, seeded.size() - 1);
            }
            System.out.printf(
                    "Purge crash: %d of %d objects left and %d keys recorded when pid %d was killed, %d ms "
                            + "after the withdrawal%n",
                    leftAtKill, seeded.size(), recordedAtKill, deadPid, killedAfter.toMillis());

            // The restart's own lease is long: the whole purge runs in one attempt, which on this machine may take
            // longer than the dead one's lease.
            ConfigurableApplicationContext second =
                    CrashRecovery.startAgain(CrashRecovery.instance(settings.dataDir(), Duration.ofSeconds(60)));
            try {
                await("the purge finished after the restart")
                        .atMost(Duration.ofSeconds(30))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> finished(purgeId));
            } finally {
                second.close();
            }

            assertThat(store.list(prefix)).as("objects under the user's prefix").isEmpty();
            PurgeContract.assertNothingOfTheUserIn(jdbc, user, PurgeContract.KEPT_AFTER_WITHDRAWAL);
            assertThat(recordedKeys(purgeId))
                    .as("purge_keys of the finished purge, kept as the evidence")
                    .isEqualTo(seeded.size());
            assertThat(jdbc.queryForObject("""
                    SELECT attempts FROM jobs WHERE type = 'purge-user' AND payload::json ->> 'purgeId' = ?
                    AND state = 'done' AND last_error LIKE 'lease expired: ' || ? || '@%'
                    """, Integer.class, purgeId.toString(), String.valueOf(deadPid)))
                    .as("the purge job, taken back from the dead process and done")
                    .isGreaterThanOrEqualTo(2);

            JsonNode details = purgedEntry(token).path("details");
            assertThat(details.path("purgeId").asString()).isEqualTo(purgeId.toString());
            assertThat(details.path("deleted").path("objects").asInt()).isEqualTo(seeded.size());
            assertThat(details.path("deleted").path("media").asInt()).isEqualTo(MEDIA);
            assertThat(details.path("objectKeysSha256").asString())
                    .as("the digest covers the keys deleted before the crash too")
                    .isEqualTo(UserPurge.digest(PurgeContract.sorted(seeded)));
            assertThat(details.path("objectKeysRoot").asString())
                    .as("and so does the root")
                    .isEqualTo(DeletedKeys.of(seeded).root());
        } finally {
            workersHere.start();
        }
    }

    /** {@link #MEDIA} rows of processed media, as the analysis would have left them. */
    private List<UUID> seedMedia(String user) {
        List<UUID> ids = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < MEDIA; i++) {
            UUID id = UUID.randomUUID();
            ids.add(id);
            rows.add(new Object[] {id, user, String.format("%064x", i)});
        }
        jdbc.batchUpdate("""
                INSERT INTO media (media_id, subject, kind, mime_type, size, sha256, state, has_preview, created_at,
                                   updated_at)
                VALUES (?, ?, 'photo', 'image/jpeg', 3, ?, 'processed', true, now(), now())
                """, rows);
        return ids;
    }

    /** A small preview, thumbnail and original per media, written through the store (a few threads at once). */
    private List<String> seedObjects(String prefix, List<UUID> mediaIds) throws Exception {
        List<String> keys = new ArrayList<>();
        for (UUID id : mediaIds) {
            keys.add(prefix + "preview/" + id + ".jpg");
            keys.add(prefix + "thumb/" + id + ".jpg");
            keys.add(prefix + "original/" + id);
        }
        long start = System.nanoTime();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> writes = new ArrayList<>();
            for (String key : keys) {
                byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
                writes.add(writers.submit(() -> store.put(key, new ByteArrayInputStream(bytes), bytes.length)));
            }
            for (Future<?> write : writes) {
                write.get();
            }
        } finally {
            writers.shutdown();
        }
        System.out.printf(
                "Purge crash: seeded %d objects in %d ms%n",
                keys.size(), Duration.ofNanos(System.nanoTime() - start).toMillis());
        return keys;
    }

    /** The filesystem store's directory of the user's objects. */
    private Path userDirectory(String prefix) {
        return settings.dataDir().resolve("objects").resolve(prefix);
    }

    /** The modification time of each directory under {@code dir} (a deleted directory is missing). */
    private static Map<Path, FileTime> modified(Path dir) throws IOException {
        Map<Path, FileTime> times = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                times.put(entry, Files.getLastModifiedTime(entry));
            }
        } catch (NoSuchFileException gone) {
            // deleted altogether: not as seeded either
        }
        return times;
    }

    private int recordedKeys(UUID purgeId) {
        return jdbc.queryForObject("SELECT count(*) FROM purge_keys WHERE purge_id = ?", Integer.class, purgeId);
    }

    private boolean finished(UUID purgeId) {
        return jdbc.queryForObject(
                "SELECT finished_at IS NOT NULL FROM purges WHERE purge_id = ?", Boolean.class, purgeId);
    }

    private JsonNode purgedEntry(String token) {
        List<JsonNode> entries = new ArrayList<>();
        api.get("/v1/consent/history?limit=200")
                .token(token)
                .send()
                .json()
                .path("items")
                .forEach(entry -> {
                    if ("DATA_PURGED".equals(entry.path("type").asString())) {
                        entries.add(entry);
                    }
                });
        assertThat(entries).as("DATA_PURGED entries").hasSize(1);
        return entries.get(0);
    }

    private String userKey(String subject) {
        return jdbc.queryForObject("SELECT user_key FROM user_accounts WHERE subject = ?", String.class, subject);
    }
}
