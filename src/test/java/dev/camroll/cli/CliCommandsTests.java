package dev.camroll.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.camroll.client.CamrollClient;
import dev.camroll.client.Suggestions;
import dev.camroll.media.MediaSamples;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code camroll} commands against the real service, run in this JVM (the crash and resume cases run the command
 * as a process of its own in {@link CliSyncTests}): consent, a folder synced and synced again, suggestions pulled into
 * a folder and kept in step, the exit codes of the refusals, and erasure.
 */
class CliCommandsTests extends EndToEndTest {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int seed;

    @Test
    void aFolderIsSyncedOnceAndItsCollageIsPulledIntoAFolderThatFollowsTheFeed() throws Exception {
        String user = newUser("cli-sync");
        assertThat(camroll(user, "consent", "give", "cloud_processing", "--yes"))
                .isZero();
        assertThat(text()).contains("cloud_processing: GIVEN");
        Path roll = Files.createDirectories(home.resolve("roll/DCIM")).getParent();
        long bytes = 0;
        for (int i = 0; i < 5; i++) {
            bytes += Files.size(MediaSamples.write(roll.resolve("DCIM"), "IMG_000" + i + ".JPG", photo("15:0" + i)));
        }
        Files.copy(roll.resolve("DCIM/IMG_0000.JPG"), roll.resolve("copy of IMG_0000.jpg"));
        Files.writeString(roll.resolve("notes.txt"), "not a photo");

        assertThat(camroll(user, "--json", "sync", roll.toString(), "--device", "laptop"))
                .as(text())
                .isZero();
        JsonObject first = json();
        assertThat(first.get("files").getAsInt()).isEqualTo(6);
        assertThat(first.get("uploaded").getAsInt()).isEqualTo(5);
        assertThat(first.get("duplicates").getAsInt())
                .as("the copy under another name")
                .isEqualTo(1);
        assertThat(first.get("ignored").getAsInt()).isEqualTo(1);
        assertThat(first.get("bytesUploaded").getAsLong()).isEqualTo(bytes);
        assertThat(first.getAsJsonArray("rejected")).isEmpty();
        assertThat(first.getAsJsonArray("failed")).isEmpty();

        assertThat(camroll(user, "--json", "sync", roll.toString(), "--device", "laptop"))
                .isZero();
        JsonObject again = json();
        assertThat(again.get("uploaded").getAsInt()).isZero();
        assertThat(again.get("duplicates").getAsInt()).isEqualTo(6);
        assertThat(again.get("bytesUploaded").getAsLong()).isZero();

        CamrollClient library = CamrollClient.builder(url()).token(token(user)).build();
        await().atMost(Duration.ofSeconds(90))
                .until(() -> library.suggestions().list(null, null, "COLLAGE", null).items().stream()
                        .anyMatch(s -> s.imageUrl() != null));
        Suggestions.Suggestion collage =
                library.suggestions().list(null, null, "COLLAGE", null).items().get(0);
        Path pulled = home.resolve("suggestions");

        assertThat(camroll(user, "suggestions", "pull", "--out", pulled.toString()))
                .isZero();
        assertThat(pulled.resolve(collage.suggestionId() + ".jpg")).exists();
        assertThat(Files.readAllBytes(pulled.resolve(collage.suggestionId() + ".jpg")))
                .startsWith(0xff, 0xd8);
        assertThat(Files.readString(pulled.resolve(collage.suggestionId() + ".json")))
                .contains("\"state\": \"NEW\"");

        assertThat(camroll(user, "suggestions", "pull", "--out", pulled.toString()))
                .isZero();
        assertThat(text()).startsWith("0 new or changed");

        library.suggestions().feedback(collage.suggestionId(), "dismissed");
        assertThat(camroll(user, "--json", "suggestions", "pull", "--out", pulled.toString()))
                .isZero();
        assertThat(json().get("saved").getAsInt()).isEqualTo(1);
        assertThat(Files.readString(pulled.resolve(collage.suggestionId() + ".json")))
                .contains("\"state\": \"DISMISSED\"");
        try (Stream<Path> files = Files.list(pulled)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .as("nothing half-written is left")
                    .noneMatch(name -> name.endsWith(".tmp"));
        }
    }

    @Test
    void withoutConsentTheSyncEndsWithExitCodeFourAndSendsNothing() throws Exception {
        String user = newUser("cli-no-consent");
        Path roll = Files.createDirectories(home.resolve("roll"));
        MediaSamples.write(roll, "IMG_0001.JPG", photo("10:00"));

        assertThat(camroll(user, "sync", roll.toString())).isEqualTo(Camroll.CONSENT_REQUIRED);

        assertThat(errors()).contains("consent-required");
        assertThat(CamrollClient.builder(url())
                        .token(token(user))
                        .build()
                        .media()
                        .all())
                .isEmpty();
    }

    @Test
    void aPastedTokenIsSavedOnlyWhenTheServiceAcceptsItAndServesTheNextCommands() throws Exception {
        String user = newUser("cli-login");
        Path config = home.resolve("config.properties");

        assertThat(run(Map.of(), "login", "--token", "not-a-jwt")).isEqualTo(Camroll.NOT_SIGNED_IN);
        assertThat(config).doesNotExist();

        assertThat(run(Map.of(), "login", "--token", token(user))).isZero();
        assertThat(Files.getPosixFilePermissions(config))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(run(Map.of(), "consent", "give", "cloud_processing", "--yes"))
                .isZero();
        assertThat(run(Map.of(), "consent", "withdraw", "cloud_processing")).isZero();
        assertThat(run(Map.of(), "--json", "consent", "status")).isZero();
        assertThat(JsonParser.parseString(text()).getAsJsonArray().asList().stream()
                        .map(state -> state.getAsJsonObject().get("purpose").getAsString() + " "
                                + state.getAsJsonObject().get("state").getAsString()))
                .contains("cloud_processing WITHDRAWN");
    }

    @Test
    void aTokenTheServiceRefusesEndsWithExitCodeThree() {
        int code = run(Map.of("CAMROLL_TOKEN", "not-a-jwt"), "consent", "status");

        assertThat(code).isEqualTo(Camroll.NOT_SIGNED_IN);
        assertThat(errors()).contains("camroll login");
    }

    @Test
    void erasingTheAccountNeedsYesWithoutATerminalAndThenRecordsThePurge() {
        String user = newUser("cli-erase");
        assertThat(camroll(user, "consent", "give", "cloud_processing", "--yes"))
                .isZero();

        assertThat(camroll(user, "delete-account")).isEqualTo(Camroll.USAGE);
        assertThat(errors()).contains("--yes");
        assertThat(ledgerLength(user)).isEqualTo(1);

        assertThat(camroll(user, "delete-account", "--yes")).isZero();
        awaitPurged(user);
        assertThat(camroll(user, "--json", "consent", "history")).isZero();
        List<String> types = json().getAsJsonArray("entries").asList().stream()
                .map(entry -> entry.getAsJsonObject().get("type").getAsString())
                .toList();
        assertThat(types).containsExactly("CONSENT", "CONSENT", "DATA_PURGED");
    }

    private byte[] photo(String time) {
        return MediaSamples.exif()
                .takenAt("2025:06:14 " + time + ":00")
                .camera("Canon", "EOS 5D")
                .into(MediaSamples.jpeg(MediaSamples.photo(640, 480, 7100 + seed++)));
    }

    private int camroll(String user, String... args) {
        return run(Map.of("CAMROLL_TOKEN", token(user)), args);
    }

    private int run(Map<String, String> env, String... args) {
        out.reset();
        err.reset();
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("CAMROLL_SERVER", url());
        all.put("CAMROLL_CONFIG", home.resolve("config.properties").toString());
        all.put("CAMROLL_STATE_DIR", home.resolve("state").toString());
        return new Camroll(
                        all,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private String url() {
        return "http://localhost:" + port;
    }

    private String text() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String errors() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private JsonObject json() {
        return JsonParser.parseString(text()).getAsJsonObject();
    }
}
