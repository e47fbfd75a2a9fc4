package dev.camroll.media.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.Api;
import dev.camroll.testing.CrashRecovery;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.ServiceProcess;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TestObjectStorage;
import org.junit.jupiter.api.BeforeEach;
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
 * The full-resolution copies the analysis makes (an original fetched from S3, heif-convert's output) stay in the data
 * directory, in {@code work/analysis/}, never in {@code java.io.tmpdir}: what a killed process leaves there is
 * removed when an instance starts on that directory, and with its user's data by the purge.
 */
class AnalysisWorkFilesTests extends EndToEndTest {

    static final Duration LEASE = Duration.ofSeconds(3);

    @Autowired
    ApplicationContext context;

    @TempDir
    Path work;

    String user;

    String token;

    @BeforeEach
    void readyToSync() {
        user = newUser("copies");
        token = token(user);
        give(token, "cloud_processing");
    }

    @Test
    void aProcessKilledWhileItConvertsAHeicFromS3LeavesNoCopyInTheTemporaryDirectoryAndTheNextStartRemovesIt()
            throws Exception {
        TestObjectStorage s3 = TestObjectStorage.get();
        Map<String, Object> properties = CrashRecovery.instance(settings.dataDir(), LEASE);
        properties.put("camroll.storage.type", "s3");
        properties.put("camroll.storage.s3.endpoint", s3.endpoint());
        properties.put("camroll.storage.s3.bucket", s3.createBucket());
        properties.put("camroll.storage.s3.region", TestObjectStorage.REGION);
        properties.put("camroll.storage.s3.path-style-access", "true");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Path conversion = work.resolve("conversion.txt");
        // heif-convert that says what it was given and then takes its time: the process dies mid-conversion.
        Path stuck = work.resolve("stuck-heif-convert");
        Files.writeString(stuck, "#!/bin/sh\necho \"$$ $3 $4\" > '" + conversion + "'\nexec sleep 60\n");
        Files.setPosixFilePermissions(stuck, PosixFilePermissions.fromString("rwx------"));
        properties.put("camroll.media.heif-convert", stuck.toString());
        byte[] heic = Files.readAllBytes(
                MediaSamples.heic(work, MediaSamples.jpeg(MediaSamples.photo(640, 480, 3)), "photo.heic"));
        Path workFiles = settings.dataDir().resolve("work").resolve("analysis");

        // The analysis waits for the instance that is going to die.
        Lifecycle workersHere = context.getBean("jobWorkers", Lifecycle.class);
        workersHere.stop();
        String[] converting;
        try {
            try (ServiceProcess dying = ServiceProcess.start(
                    properties,
                    List.of(
                            "-Xmx512m",
                            "-XX:TieredStopAtLevel=1",
                            "-Djava.io.tmpdir=" + tmp,
                            "-Daws.accessKeyId=" + s3.accessKey(),
                            "-Daws.secretAccessKey=" + s3.secretKey()),
                    work.resolve("dying.log"),
                    Duration.ofMinutes(2))) {
                upload(new Api(dying.port()), heic);
                await("heif-convert runs")
                        .atMost(Duration.ofSeconds(60))
                        .until(() -> Files.exists(conversion)
                                && Files.readString(conversion).strip().split(" ").length == 3);
                converting = Files.readString(conversion).strip().split(" ");

                dying.kill();
            }
            ProcessHandle.of(Long.parseLong(converting[0])).ifPresent(ProcessHandle::destroyForcibly);
            Path copy = Path.of(converting[1]);
            Path converted = Path.of(converting[2]);

            assertThat(copy)
                    .as("the original fetched from S3, left by the kill")
                    .exists();
            assertThat(copy.toString()).startsWith(workFiles.toRealPath() + "/");
            assertThat(converted.toString()).as("where heif-convert writes").startsWith(copy.getParent() + "/");
            assertThat(namesIn(tmp))
                    .as("java.io.tmpdir of the killed process: Tomcat's directories only")
                    .allMatch(name -> name.startsWith("tomcat"));

            properties.put("camroll.media.heif-convert", "heif-convert");
            System.setProperty("aws.accessKeyId", s3.accessKey());
            System.setProperty("aws.secretAccessKey", s3.secretKey());
            ConfigurableApplicationContext next = CrashRecovery.startAgain(properties);
            try {
                assertThat(copy).as("removed at start-up").doesNotExist();
                assertThat(copy.getParent()).doesNotExist();

                await("the analysis, taken back")
                        .atMost(Duration.ofSeconds(90))
                        .until(() -> "processed"
                                .equals(jdbc.queryForObject(
                                        "SELECT state FROM media WHERE subject = ?", String.class, user)));
                assertThat(jdbc.queryForObject("SELECT has_preview FROM media WHERE subject = ?", Boolean.class, user))
                        .isTrue();
                // The analysis removes its copy as it ends, just after it recorded the media processed.
                await("what the analyses left in the work directory: locks only")
                        .atMost(Duration.ofSeconds(30))
                        .until(() -> filesUnder(workFiles).stream()
                                .allMatch(file -> file.getFileName().toString().equals(".lock")));
            } finally {
                next.close();
            }
        } finally {
            workersHere.start();
        }
    }

    @Test
    void thePurgeRemovesTheUsersWorkFilesAndNoOneElses() throws Exception {
        String other = newUser("bystander");
        give(token(other), "cloud_processing");
        Path workFiles = settings.dataDir().resolve("work").resolve("analysis");
        // What processes killed mid-analysis left in their runs (another host's instance does not start here).
        Path run = Files.createDirectories(workFiles.resolve("777-0badc0de"));
        Path left = Files.write(
                Files.createDirectories(run.resolve(userKey(user) + "-1")).resolve("original"), new byte[64]);
        Path alsoLeft = Files.write(
                Files.createDirectories(workFiles
                                .resolve("778-0badc0df")
                                .resolve(userKey(user) + "-2")
                                .resolve("heif-3"))
                        .resolve("converted.jpg"),
                new byte[64]);
        Path others = Files.write(
                Files.createDirectories(run.resolve(userKey(other) + "-4")).resolve("original"), new byte[64]);

        withdraw(token, "cloud_processing");
        awaitPurged(user);

        assertThat(left).doesNotExist();
        assertThat(left.getParent()).doesNotExist();
        assertThat(alsoLeft).doesNotExist();
        assertThat(others).exists();
    }

    private void upload(Api to, byte[] heic) {
        to.put("/v1/devices/phone", Map.of("platform", "ios", "appVersion", "1", "photoLibraryAccess", "full"))
                .token(token)
                .send();
        Api.Response announced = to.post(
                        "/v1/devices/phone/batches",
                        Map.of(
                                "items",
                                List.of(Map.of(
                                        "clientAssetId",
                                        "IMG_1",
                                        "sha256",
                                        TestFiles.sha256(heic),
                                        "size",
                                        heic.length,
                                        "mimeType",
                                        "image/heic",
                                        "kind",
                                        "photo"))))
                .token(token)
                .send();
        assertThat(announced.status()).as(announced.body()).isEqualTo(201);
        JsonNode line = announced.json().path("items").get(0);
        String url = line.path("upload").path("url").asString();
        Api.Response patched = to.request("PATCH", url.substring(url.indexOf("/v1/")))
                .token(token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(heic)
                .send();
        assertThat(patched.status()).as(patched.body()).isEqualTo(204);
    }

    private String userKey(String subject) {
        return jdbc.queryForObject("SELECT user_key FROM user_accounts WHERE subject = ?", String.class, subject);
    }

    private static List<String> namesIn(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(entry -> entry.getFileName().toString()).toList();
        }
    }

    private static List<Path> filesUnder(Path directory) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        }
        return files;
    }
}
