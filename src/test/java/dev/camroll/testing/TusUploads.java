package dev.camroll.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camroll.storage.ObjectStore;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user ready to sync from one device ({@code phone} unless {@link #device} says another), and files announced in
 * manifests and uploaded with tus, for the end-to-end tests.
 */
public final class TusUploads {

    public static final Map<String, String> PHONE =
            Map.of("platform", "ios", "appVersion", "1.0", "photoLibraryAccess", "full");

    /** An announced file: its manifest line's answer. */
    public record Announced(
            String batchId, String clientAssetId, String uploadUrl, String path, String mediaId, byte[] content) {}

    private final Api api;

    private final String token;

    private final String deviceId;

    public TusUploads(Api api, String token) {
        this(api, token, "phone");
    }

    private TusUploads(Api api, String token, String deviceId) {
        this.api = api;
        this.token = token;
        this.deviceId = deviceId;
    }

    /** Gives consent and registers the device {@code phone}. */
    public TusUploads ready(String noticeVersion) {
        assertThat(api.put("/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", noticeVersion))
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(200);
        api.put("/v1/devices/" + deviceId, PHONE).token(token).send();
        return this;
    }

    /** The same user syncing from another device, registered now. */
    public TusUploads device(String otherDeviceId) {
        assertThat(api.put("/v1/devices/" + otherDeviceId, PHONE)
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(201);
        return new TusUploads(api, token, otherDeviceId);
    }

    /** Sends a manifest of one JPEG line for the file and answers the batch, whatever it decided. */
    public JsonNode manifest(byte[] content) {
        return api.post(batches(), Map.of("items", new Object[] {
                    Map.of(
                            "clientAssetId",
                            "IMG_" + System.nanoTime(),
                            "sha256",
                            TestFiles.sha256(content),
                            "size",
                            content.length,
                            "mimeType",
                            "image/jpeg",
                            "kind",
                            "photo")
                }))
                .token(token)
                .send()
                .json();
    }

    public Announced announce(byte[] content, String mimeType, String kind) {
        return announce(content, TestFiles.sha256(content), mimeType, kind);
    }

    /** Announces a file whose manifest line says {@code sha256} (which may be a lie). */
    public Announced announce(byte[] content, String sha256, String mimeType, String kind) {
        String clientAssetId = "IMG_" + System.nanoTime();
        JsonNode batch = api.post(batches(), Map.of("items", new Object[] {
                    Map.of(
                            "clientAssetId",
                            clientAssetId,
                            "sha256",
                            sha256,
                            "size",
                            content.length,
                            "mimeType",
                            mimeType,
                            "kind",
                            kind)
                }))
                .token(token)
                .send()
                .json();
        JsonNode line = batch.path("items").get(0);
        assertThat(line.path("disposition").asString()).as(batch.toString()).isEqualTo("upload");
        String url = line.path("upload").path("url").asString();
        return new Announced(
                batch.path("batchId").asString(),
                clientAssetId,
                url,
                url.substring(url.indexOf("/v1/")),
                line.path("mediaId").asString(),
                content);
    }

    /** Announces the files as the lines of one batch, each with its true SHA-256. */
    public List<Announced> announceBatch(byte[]... contents) {
        List<Map<String, Object>> lines = new ArrayList<>();
        for (byte[] content : contents) {
            lines.add(Map.of(
                    "clientAssetId",
                    "IMG_" + System.nanoTime(),
                    "sha256",
                    TestFiles.sha256(content),
                    "size",
                    content.length,
                    "mimeType",
                    "image/jpeg",
                    "kind",
                    "photo"));
        }
        JsonNode batch =
                api.post(batches(), Map.of("items", lines)).token(token).send().json();
        List<Announced> announced = new ArrayList<>();
        for (int i = 0; i < contents.length; i++) {
            JsonNode line = batch.path("items").get(i);
            assertThat(line.path("disposition").asString()).as(batch.toString()).isEqualTo("upload");
            String url = line.path("upload").path("url").asString();
            announced.add(new Announced(
                    batch.path("batchId").asString(),
                    line.path("clientAssetId").asString(),
                    url,
                    url.substring(url.indexOf("/v1/")),
                    line.path("mediaId").asString(),
                    contents[i]));
        }
        return announced;
    }

    /** Announces the photos (JPEG) as one batch and uploads each whole in one PATCH. */
    public List<Announced> uploadBatch(List<byte[]> contents) {
        List<Announced> announced = announceBatch(contents.toArray(byte[][]::new));
        for (Announced upload : announced) {
            Api.Response patched = patch(upload, 0, upload.content());
            assertThat(patched.status()).as(patched.body()).isEqualTo(204);
        }
        return announced;
    }

    public Api.Response patch(Announced upload, long offset, byte[] bytes) {
        return api.request("PATCH", upload.path())
                .token(token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", String.valueOf(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(bytes)
                .send();
    }

    public Api.Response head(Announced upload) {
        return api.request("HEAD", upload.path())
                .token(token)
                .header("Tus-Resumable", "1.0.0")
                .send();
    }

    public long offset(Announced upload) {
        return Long.parseLong(head(upload).header("Upload-Offset"));
    }

    public JsonNode batch(Announced upload) {
        return api.get(batches() + "/" + upload.batchId()).token(token).send().json();
    }

    public JsonNode batchLine(Announced upload) {
        for (JsonNode line : batch(upload).path("items")) {
            if (line.path("clientAssetId").asString().equals(upload.clientAssetId())) {
                return line;
            }
        }
        throw new AssertionError("no line " + upload.clientAssetId() + " in batch " + upload.batchId());
    }

    public String token() {
        return token;
    }

    private String batches() {
        return "/v1/devices/" + deviceId + "/batches";
    }

    public static String uploadId(Announced upload) {
        return upload.path().substring("/v1/uploads/".length());
    }

    /** The SHA-256 of the stored original of a media, read from the store: what really arrived. */
    public static String storedSha256(ObjectStore store, JdbcTemplate jdbc, String mediaId) {
        String key = "u/"
                + jdbc.queryForObject(
                        "SELECT a.user_key FROM user_accounts a JOIN media m ON m.subject = a.subject "
                                + "WHERE m.media_id = ?::uuid",
                        String.class,
                        mediaId)
                + "/original/" + mediaId;
        try (InputStream in = store.get(key)) {
            return TestFiles.sha256(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
