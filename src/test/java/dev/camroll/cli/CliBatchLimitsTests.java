package dev.camroll.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.camroll.media.MediaSamples;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camroll sync} keeps its manifests within the policy's limits (the service refuses a larger one whole), a file
 * too big for any manifest fails on its own while the others go, and uploads beyond what the service lets one user
 * stream at once (here one) are not failed: the command lowers its parallelism and sends them after.
 */
@TestPropertySource(
        properties = {
            "camroll.sync.max-items-per-batch=2",
            "camroll.sync.max-bytes-per-batch=200KB",
            "camroll.upload.concurrent-per-user=1"
        })
class CliBatchLimitsTests extends EndToEndTest {

    @TempDir
    Path home;

    @Test
    void manifestsStayWithinThePolicysLimitsAndAFileLargerThanABatchFailsAlone() throws Exception {
        String user = newUser("cli-limits");
        give(token(user), "cloud_processing");
        Path roll = Files.createDirectories(home.resolve("roll"));
        List<Long> sizes = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            byte[] photo = MediaSamples.jpeg(MediaSamples.photo(320, 240, 9100 + i));
            sizes.add((long) photo.length);
            MediaSamples.write(roll, "IMG_000" + i + ".JPG", photo);
        }
        byte[] large = MediaSamples.jpeg(MediaSamples.photo(1600, 1200, 9200));
        assertThat(large.length).as("larger than a whole batch may be").isGreaterThan(200 * 1000);
        MediaSamples.write(roll, "PANORAMA.JPG", large);
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int code = new Camroll(
                        Map.of(
                                "CAMROLL_SERVER", "http://localhost:" + port,
                                "CAMROLL_TOKEN", token(user),
                                "CAMROLL_CONFIG",
                                        home.resolve("config.properties").toString(),
                                "CAMROLL_STATE_DIR", home.resolve("state").toString()),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))
                .execute("--json", "sync", roll.toString(), "--uploads", "4");

        JsonObject summary =
                JsonParser.parseString(out.toString(StandardCharsets.UTF_8)).getAsJsonObject();
        assertThat(code).isEqualTo(Camroll.FAILED);
        assertThat(summary.get("uploaded").getAsInt()).isEqualTo(7);
        assertThat(summary.get("bytesUploaded").getAsLong())
                .isEqualTo(sizes.stream().mapToLong(Long::longValue).sum());
        assertThat(summary.getAsJsonArray("failed")).singleElement().satisfies(failed -> {
            assertThat(failed.getAsJsonObject().get("path").getAsString()).isEqualTo("PANORAMA.JPG");
            assertThat(failed.getAsJsonObject().get("reason").getAsString()).startsWith("400 invalid-request");
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM batches WHERE subject = ?", Integer.class, user))
                .as("seven photos, at most two a manifest")
                .isEqualTo(4);
    }
}
