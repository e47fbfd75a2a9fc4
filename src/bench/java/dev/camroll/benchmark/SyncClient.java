package dev.camroll.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the app does to sync, over real HTTP: a token from {@code POST /dev/tokens}, consent to
 * {@code cloud_processing} (and other purposes), a registered device, a manifest, then one tus PATCH per file with the whole file as its
 * body, streamed from disk.
 */
final class SyncClient {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static final String DEVICE = "bench-phone";

    /** An announced file: the manifest line's upload resource. */
    record Upload(BenchmarkFile file, URI url, String mediaId) {}

    /** An announced manifest: its id and its lines' upload resources. */
    record Batch(String batchId, List<Upload> uploads) {}

    /** The answer to a PATCH and how long it took, from the first byte sent to the answer. */
    record Patched(Upload upload, int status, String offset, long nanos, String body) {

        boolean complete() {
            return status == 204 && String.valueOf(upload.file().size()).equals(offset);
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;

    private final Path dataDir;

    SyncClient(CamrollProcess service) {
        this.base = service.base();
        this.dataDir = service.dataDir();
    }

    /** A development token (embedded mode, from loopback, with the secret from the data directory). */
    String token(String subject, String... roles) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        json(
                                "POST",
                                "/dev/tokens",
                                null,
                                Map.of("sub", subject, "roles", List.of(roles), "ttlSeconds", 3600)),
                        (name, value) -> true)
                .header(
                        "X-Dev-Token-Secret",
                        Files.readString(dataDir.resolve("dev-token.secret")).strip())
                .build();
        JsonNode answer = send(request, 200);
        return answer.path("token").asString();
    }

    /**
     * A user who gave {@code cloud_processing} and {@code original_retention} (so the analysis that follows each
     * upload keeps the original for the check) and registered the device {@value #DEVICE}.
     */
    User user(String subject) throws IOException, InterruptedException {
        return user(subject, "cloud_processing", "original_retention");
    }

    /** A user who gave the purposes named, in that order, and registered the device {@value #DEVICE}. */
    User user(String subject, String... purposes) throws IOException, InterruptedException {
        String token = token(subject);
        Map<String, String> notices = new java.util.HashMap<>();
        for (JsonNode purpose : send(get("/v1/consent/purposes", token), 200)) {
            notices.put(
                    purpose.path("purpose").asString(),
                    purpose.path("noticeVersion").asString());
        }
        for (String purpose : purposes) {
            send(
                    json(
                            "PUT",
                            "/v1/consent/" + purpose,
                            token,
                            Map.of("state", "GIVEN", "noticeVersion", notices.get(purpose))),
                    200);
        }
        send(
                json(
                        "PUT",
                        "/v1/devices/" + DEVICE,
                        token,
                        Map.of("platform", "ios", "appVersion", "1.0", "photoLibraryAccess", "full")),
                201);
        return new User(token);
    }

    /** A user set up before (perhaps by an earlier start of the service), with a new token. */
    User existingUser(String subject) throws IOException, InterruptedException {
        return new User(token(subject));
    }

    /** The service's Prometheus text, which needs an admin token. */
    String prometheus(String adminToken) throws IOException, InterruptedException {
        HttpResponse<String> answer =
                http.send(get("/actuator/prometheus", adminToken), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IOException("/actuator/prometheus answered " + answer.statusCode());
        }
        return answer.body();
    }

    final class User {

        private final String token;

        private User(String token) {
            this.token = token;
        }

        /** Announces the files in one manifest, each with its type; every line must be answered {@code upload}. */
        List<Upload> announce(List<BenchmarkFile> files) throws IOException, InterruptedException {
            return announceBatch(files).uploads();
        }

        /** {@link #announce}, with the batch's id. */
        Batch announceBatch(List<BenchmarkFile> files) throws IOException, InterruptedException {
            List<Map<String, Object>> items = new ArrayList<>();
            for (BenchmarkFile file : files) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("clientAssetId", file.name());
                item.put("sha256", file.sha256());
                item.put("size", file.size());
                item.put("mimeType", file.mimeType());
                item.put("kind", file.kind());
                items.add(item);
            }
            JsonNode batch =
                    send(json("POST", "/v1/devices/" + DEVICE + "/batches", token, Map.of("items", items)), 201);
            List<Upload> uploads = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                JsonNode line = batch.path("items").get(i);
                if (!"upload".equals(line.path("disposition").asString())) {
                    throw new IllegalStateException(
                            "the manifest line of " + files.get(i).name() + " was answered " + line);
                }
                uploads.add(new Upload(
                        files.get(i),
                        URI.create(line.path("upload").path("url").asString()),
                        line.path("mediaId").asString()));
            }
            return new Batch(batch.path("batchId").asString(), uploads);
        }

        /** Withdraws a purpose ({@code PUT /v1/consent/{purpose}}, {@code WITHDRAWN}); answers the ledger entry. */
        JsonNode withdraw(String purpose) throws IOException, InterruptedException {
            return send(json("PUT", "/v1/consent/" + purpose, token, Map.of("state", "WITHDRAWN")), 200);
        }

        /** The most lines one manifest may have, as the sync policy tells the app. */
        int maxItemsPerBatch() throws IOException, InterruptedException {
            return send(get("/v1/sync/policy?deviceId=" + DEVICE, token), 200)
                    .path("maxItemsPerBatch")
                    .asInt();
        }

        /** The batch's state as the app sees it: {@code open}, {@code complete} or {@code expired}. */
        String batchState(String batchId) throws IOException, InterruptedException {
            return send(get("/v1/devices/" + DEVICE + "/batches/" + batchId, token), 200)
                    .path("state")
                    .asString();
        }

        /** tus core: the whole file in one PATCH at offset 0, its body streamed from disk. */
        Patched patch(Upload upload) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(upload.url())
                    .timeout(Duration.ofMinutes(10))
                    .header("Authorization", "Bearer " + token)
                    .header("Tus-Resumable", "1.0.0")
                    .header("Upload-Offset", "0")
                    .header("Content-Type", "application/offset+octet-stream")
                    .method(
                            "PATCH",
                            HttpRequest.BodyPublishers.ofFile(upload.file().path()))
                    .build();
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            long nanos = System.nanoTime() - start;
            return new Patched(
                    upload,
                    answer.statusCode(),
                    answer.headers().firstValue("Upload-Offset").orElse(null),
                    nanos,
                    answer.body());
        }

        /** Whether the upload became stored media with the file's size and SHA-256, as the API shows it. */
        boolean stored(Upload upload) throws IOException, InterruptedException {
            HttpResponse<String> answer =
                    http.send(get("/v1/media/" + upload.mediaId(), token), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                return false;
            }
            JsonNode media = JSON.readTree(answer.body());
            // stored, or already analysed (the benchmark's files are metadata-only videos)
            return !"failed".equals(media.path("state").asString())
                    && upload.file().sha256().equals(media.path("sha256").asString())
                    && upload.file().size() == media.path("size").asLong();
        }
    }

    private HttpRequest get(String path, String token) {
        return HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
    }

    private HttpRequest json(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return request.build();
    }

    private JsonNode send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != expected) {
            throw new IllegalStateException(request.method() + " "
                    + request.uri().getPath() + " answered " + answer.statusCode() + ": " + answer.body());
        }
        return JSON.readTree(answer.body());
    }
}
