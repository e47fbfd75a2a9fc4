package dev.camroll.runtime.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.Api;
import dev.camroll.testing.ServiceProcess;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import dev.camroll.testing.TusUploads.Announced;
import dev.camroll.upload.internal.RawPatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded default after a kill: a service process (embedded PostgreSQL, filesystem store, as
 * {@code java -jar} runs it with nothing configured) is killed with SIGKILL while it analyses photos and while an
 * upload streams, and a new process on the same data directory comes up by itself: no stray PostgreSQL to hunt down,
 * every acknowledged photo processed exactly once, the upload resumed from the offset it had acknowledged.
 */
class EmbeddedCrashTests {

    static final int PHOTOS = 40;

    /** What dies with the service. */
    enum Kill {
        /** The JVM alone (the OOM killer, {@code kill -9 PID}): its watchdog stops PostgreSQL. */
        SERVICE,
        /** The JVM, its watchdog and PostgreSQL: a container killed whole, minus the power cut's lost page cache. */
        SERVICE_AND_DATABASE
    }

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(Kill.class)
    void afterAKillMidAnalysisAndMidUploadANewProcessTakesOverTheDataDirectory(Kill kill) throws Exception {
        Path dataDir = work.resolve("data");
        Map<String, Object> properties = properties(dataDir);
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < PHOTOS; i++) {
            photos.add(MediaSamples.jpeg(MediaSamples.photo(4000, 3000, 4000 + i)));
        }
        byte[] streamed = MediaSamples.jpeg(MediaSamples.photo(4000, 3000, 4999));
        String token;
        List<Announced> announced;
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Announced streaming;
        long acknowledgedOffset;
        long processedAtKill;
        RawPatch patch = null;
        ExecutorService phone = Executors.newSingleThreadExecutor();

        ServiceProcess first =
                ServiceProcess.start(properties, jvm(), work.resolve("first.log"), Duration.ofMinutes(3));
        try {
            Api api = new Api(first.port());
            token = api.devToken(dataDir, Map.of("sub", "crash-" + kill))
                    .send()
                    .json()
                    .path("token")
                    .asString();
            TusUploads uploads = new TusUploads(api, token).ready(noticeVersion(api, token));

            // A PATCH that stops midway, as a phone does when its app is suspended: the service records its progress
            // every checkpoint; what HEAD answers now is acknowledged.
            streaming = uploads.announce(streamed, "image/jpeg", "photo");
            patch = new RawPatch(first.port(), streaming.path(), token, 0, streamed.length);
            patch.send(streamed, 0, streamed.length / 2);
            await("the streaming upload's progress recorded")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> uploads.offset(streaming) > 0);
            acknowledgedOffset = settledOffset(uploads, streaming);

            // The phone uploads the batch one photo after the other; a photo is acknowledged by its 204. The kill
            // comes while acknowledged photos wait for their analysis or are in the middle of it.
            announced = uploads.announceBatch(photos.toArray(byte[][]::new));
            phone.submit(() -> {
                for (Announced photo : announced) {
                    if (uploads.patch(photo, 0, photo.content()).status() == 204) {
                        acknowledged.add(photo.mediaId());
                    }
                }
                return null;
            });
            await("some analyses done, acknowledged photos still to do")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        long processed = count(api, token, "processed");
                        return processed >= 2 && acknowledged.size() > processed;
                    });
            processedAtKill = count(api, token, "processed");
            kill(first, kill, dataDir);
        } finally {
            phone.shutdownNow();
            first.close();
            if (patch != null) {
                patch.close();
            }
        }
        assertThat(processedAtKill)
                .as("photos processed when the service was killed")
                .isLessThan(acknowledged.size());
        if (kill == Kill.SERVICE) {
            await("the watchdog stopped PostgreSQL with its service")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> ClusterRecovery.serving(dataDir.resolve("postgres"), pidFile(dataDir))
                            .isEmpty());
        }

        try (ServiceProcess second =
                ServiceProcess.start(properties, jvm(), work.resolve("second.log"), Duration.ofMinutes(3))) {
            Api api = new Api(second.port());
            TusUploads uploads = new TusUploads(api, token);
            assertThat(uploads.offset(streaming))
                    .as("the upload stands where it was acknowledged")
                    .isEqualTo(acknowledgedOffset);
            // The dead process's writer lease on an upload it was receiving runs out first (30 s): until then a PATCH
            // gets 409.
            resume(uploads, streaming, acknowledgedOffset);
            for (Announced photo : announced) {
                if (!acknowledged.contains(photo.mediaId())) {
                    resume(uploads, photo, uploads.offset(photo)); // the rest of the batch, as the phone goes on
                }
            }

            List<String> expected =
                    new ArrayList<>(announced.stream().map(Announced::mediaId).toList());
            expected.add(streaming.mediaId());
            await("every photo processed after the restart")
                    .atMost(Duration.ofSeconds(180))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> count(api, token, "processed") == PHOTOS + 1);
            JsonNode media =
                    api.get("/v1/media?limit=200").token(token).send().json().path("items");
            assertThat(media.valueStream().map(item -> item.path("mediaId").asString()))
                    .as("one media per photo, none twice")
                    .containsExactlyInAnyOrderElementsOf(expected)
                    .containsAll(acknowledged);
            assertThat(media.valueStream()
                            .filter(item -> item.path("mediaId").asString().equals(streaming.mediaId()))
                            .map(item -> item.path("sha256").asString()))
                    .containsExactly(TestFiles.sha256(streamed));
            assertThat(derivatives(dataDir, "preview"))
                    .as("one preview per photo")
                    .hasSize(PHOTOS + 1);
            assertThat(derivatives(dataDir, "thumb"))
                    .as("one thumbnail per photo")
                    .hasSize(PHOTOS + 1);
            assertThat(derivatives(dataDir, "original"))
                    .as("originals removed once analysed")
                    .isEmpty();
            assertThat(second.terminate(Duration.ofSeconds(60)))
                    .as("a graceful stop")
                    .isTrue();
        }
        assertThat(ClusterRecovery.serving(dataDir.resolve("postgres"), pidFile(dataDir)))
                .as("no PostgreSQL left serving the data directory after a graceful stop")
                .isEmpty();
    }

    /**
     * The JVM and its watchdog both killed (a process group killed whole): PostgreSQL outlives them. The next start
     * stops it with a fast shutdown and starts its own; what was committed before the kill is there.
     */
    @Test
    void aPostgresThatOutlivedItsServiceIsStoppedByTheNextStartAndKeepsEveryCommit() throws Exception {
        Path dataDir = work.resolve("data");
        Map<String, Object> properties = properties(dataDir);
        String token;
        long orphan;
        try (ServiceProcess first =
                ServiceProcess.start(properties, jvm(), work.resolve("first.log"), Duration.ofMinutes(3))) {
            Api api = new Api(first.port());
            token = api.devToken(dataDir, Map.of("sub", "orphan"))
                    .send()
                    .json()
                    .path("token")
                    .asString();
            assertThat(api.put(
                                    "/v1/consent/cloud_processing",
                                    Map.of("state", "GIVEN", "noticeVersion", noticeVersion(api, token)))
                            .token(token)
                            .send()
                            .status())
                    .isEqualTo(200);
            orphan = pidFile(dataDir).orElseThrow().pid();
            killWithDescendants(first);
        }
        assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                .as("PostgreSQL outlived its service")
                .isPresent();

        try (ServiceProcess second =
                ServiceProcess.start(properties, jvm(), work.resolve("second.log"), Duration.ofMinutes(3))) {
            assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive))
                    .as("the orphaned postmaster")
                    .isEmpty();
            assertThat(pidFile(dataDir).orElseThrow().pid())
                    .as("the postmaster serving now")
                    .isNotEqualTo(orphan);
            assertThat(Files.readString(work.resolve("second.log"))).contains("Stopping it with a fast shutdown");
            JsonNode consent = new Api(second.port())
                    .get("/v1/consent")
                    .token(token)
                    .send()
                    .json();
            assertThat(consent.path("purposes")
                            .valueStream()
                            .filter(purpose ->
                                    purpose.path("purpose").asString().equals("cloud_processing"))
                            .map(purpose -> purpose.path("state").asString()))
                    .as("the consent given before the kill")
                    .containsExactly("GIVEN");
        }
    }

    private static Map<String, Object> properties(Path dataDir) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("camroll.data-dir", dataDir);
        properties.put("camroll.jobs.workers", 1);
        properties.put("camroll.upload.checkpoint", "64KB");
        return properties;
    }

    private List<String> jvm() throws IOException {
        return List.of(
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
    }

    private static void kill(ServiceProcess service, Kill kill, Path dataDir) {
        if (kill == Kill.SERVICE) {
            service.kill();
            return;
        }
        List<ProcessHandle> database = ClusterRecovery.serving(dataDir.resolve("postgres"), pidFile(dataDir));
        assertThat(database).as("PostgreSQL's processes").isNotEmpty();
        killWithDescendants(service);
        database.forEach(ProcessHandle::destroyForcibly);
    }

    /** SIGKILL to the service and its children (the watchdog) at once, as when a whole process group is killed. */
    private static void killWithDescendants(ServiceProcess service) {
        ProcessHandle jvm = ProcessHandle.of(service.pid()).orElseThrow();
        List<ProcessHandle> children = jvm.descendants().toList();
        jvm.destroyForcibly();
        children.forEach(ProcessHandle::destroyForcibly);
        service.kill();
    }

    private static Optional<ClusterRecovery.PidFile> pidFile(Path dataDir) {
        return ClusterRecovery.PidFile.read(dataDir.resolve("postgres"));
    }

    private static void resume(TusUploads uploads, Announced upload, long offset) {
        if (offset == upload.content().length) {
            return; // its last PATCH landed, only the answer was lost
        }
        byte[] rest = Arrays.copyOfRange(upload.content(), (int) offset, upload.content().length);
        await("the upload resumed from offset " + offset)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> uploads.patch(upload, offset, rest).status() == 204);
    }

    /** HEAD's offset once it stopped moving: the sender has paused, so the last checkpoint is all there is. */
    private static long settledOffset(TusUploads uploads, Announced upload) throws InterruptedException {
        long offset = uploads.offset(upload);
        while (true) {
            Thread.sleep(300);
            long now = uploads.offset(upload);
            if (now == offset) {
                return offset;
            }
            offset = now;
        }
    }

    private static String noticeVersion(Api api, String token) {
        return api.get("/v1/consent/purposes")
                .token(token)
                .send()
                .json()
                .get(0)
                .path("noticeVersion")
                .asString();
    }

    private static long count(Api api, String token, String state) {
        JsonNode items =
                api.get("/v1/media?limit=200").token(token).send().json().path("items");
        return items.valueStream()
                .filter(item -> state.equals(item.path("state").asString()))
                .count();
    }

    /** The finished objects of one kind in the filesystem store (temporary files of killed writes have a '~'). */
    private static List<Path> derivatives(Path dataDir, String kind) throws IOException {
        Path users = dataDir.resolve("objects").resolve("u");
        try (Stream<Path> files = Files.walk(users)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> users.relativize(file).getName(1).toString().equals(kind))
                    .filter(file -> !file.getFileName().toString().contains("~"))
                    .toList();
        }
    }
}
