package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.camroll.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With Tomcat's access log on, a request to an upload slot is logged with the slot shortened. */
class UploadSlotAccessLogTests extends UploadTest {

    private static final Path LOGS = temporaryDirectory();

    @DynamicPropertySource
    static void accessLog(DynamicPropertyRegistry properties) {
        properties.add("server.tomcat.accesslog.enabled", () -> "true");
        properties.add("server.tomcat.accesslog.directory", LOGS::toString);
        properties.add("server.tomcat.accesslog.buffered", () -> "false");
        properties.add("server.tomcat.accesslog.pattern", () -> "%r %s %U");
    }

    @Test
    void theAccessLogShowsTheSlotsFirstCharactersOnly() {
        byte[] photo = TestFiles.jpeg(20_000, 201);
        JsonNode line = api.post(
                        "/v1/devices/phone/batches",
                        Map.of(
                                "items",
                                java.util.List.of(Map.of(
                                        "clientAssetId",
                                        "IMG_201",
                                        "sha256",
                                        TestFiles.sha256(photo),
                                        "size",
                                        photo.length,
                                        "mimeType",
                                        "image/jpeg",
                                        "kind",
                                        "photo")),
                                "uploadSlots",
                                true))
                .token(uploads.token())
                .send()
                .json()
                .path("items")
                .get(0);
        String url = line.path("upload").path("slot").path("url").asString();
        String path = url.substring(url.indexOf("/v1/"));
        String slot = path.substring(UploadSlots.PATH.length());

        assertThat(api.request("PUT", path)
                        .header("Content-Type", "image/jpeg")
                        .bytes(photo)
                        .send()
                        .status())
                .isEqualTo(201);
        assertThat(api.request("HEAD", path + "x").send().status()).isEqualTo(404);

        String shortened = UploadSlots.PATH + slot.substring(0, UploadSlots.SHOWN) + "...";
        await().atMost(Duration.ofSeconds(10)).until(() -> accessLog().contains("PUT " + shortened));
        String log = accessLog();
        assertThat(log).contains("PUT " + shortened + " HTTP/1.1 201 " + shortened);
        assertThat(log).contains("HEAD " + shortened + " HTTP/1.1 404");
        assertThat(log).doesNotContain(slot).doesNotContain(slot.substring(0, UploadSlots.SHOWN + 1));
    }

    private static String accessLog() {
        try (Stream<Path> files = Files.list(LOGS)) {
            return files.map(file -> {
                        try {
                            return Files.readString(file);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .collect(Collectors.joining());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("camroll-access-log");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
