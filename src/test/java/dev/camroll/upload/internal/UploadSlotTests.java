package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.camroll.testing.Api;
import dev.camroll.testing.RawHttp;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import dev.camroll.upload.UploadId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Upload slots: a batch line's upload at a URL that needs no bearer token, for a background job of the phone's OS
 * (iOS PhotoKit's {@code PHAssetResourceUploadJob}) that sends the file hours or days later, when the token the app
 * had has long expired.
 */
@ExtendWith(OutputCaptureExtension.class)
class UploadSlotTests extends UploadTest {

    @Autowired
    UploadSlots slots;

    @Autowired
    UploadSlotKeys keys;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbcClient;

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    /** A line answered {@code upload} with a slot. */
    record Slotted(String clientAssetId, String uploadUrl, String slotUrl, String mediaId, byte[] content) {

        String slotPath() {
            return slotUrl.substring(slotUrl.indexOf("/v1/"));
        }

        String slot() {
            return slotUrl.substring(slotUrl.indexOf(UploadSlots.PATH) + UploadSlots.PATH.length());
        }

        String uploadId() {
            return uploadUrl.substring(uploadUrl.lastIndexOf('/') + 1);
        }
    }

    @Test
    void aManifestThatAsksGetsASlotForEveryLineToUploadAndOneThatDoesNotGetsNone() {
        byte[] first = TestFiles.jpeg(20_000, 101);
        byte[] second = TestFiles.jpeg(20_000, 102);
        JsonNode asked = manifest(uploads.token(), true, first, second, first);

        JsonNode items = asked.path("items");
        assertThat(items).hasSize(3);
        for (JsonNode item : items) {
            assertThat(item.path("disposition").asString()).isEqualTo("upload");
            JsonNode slot = item.path("upload").path("slot");
            assertThat(slot.path("url").asString())
                    .as(item.toString())
                    .matches("http://localhost:\\d+" + "/v1/upload-slots/[A-Za-z0-9_-]{76}");
            Instant expiresAt = Instant.parse(slot.path("expiresAt").asString());
            assertThat(expiresAt)
                    .isBetween(
                            Instant.now().plus(Duration.ofDays(7)).minusSeconds(120),
                            Instant.now().plus(Duration.ofDays(7)));
            // the upload stays open as long as its slot works
            assertThat(Instant.parse(item.path("upload").path("expiresAt").asString()))
                    .isEqualTo(expiresAt);
            assertThat(jdbc.queryForObject(
                                    "SELECT expires_at FROM uploads WHERE upload_id = ?::uuid",
                                    java.sql.Timestamp.class,
                                    lastSegment(item.path("upload").path("url").asString()))
                            .toInstant())
                    .isEqualTo(expiresAt);
        }
        // the third line shares the first line's upload, and gets a slot for that upload
        assertThat(items.get(2).path("upload").path("url"))
                .isEqualTo(items.get(0).path("upload").path("url"));
        assertThat(slots.verify(lastSegment(items.get(2)
                                .path("upload")
                                .path("slot")
                                .path("url")
                                .asString()))
                        .orElseThrow()
                        .uploadId()
                        .toString())
                .isEqualTo(lastSegment(items.get(0).path("upload").path("url").asString()));

        JsonNode plain = manifest(uploads.token(), false, TestFiles.jpeg(20_000, 103));
        JsonNode upload = plain.path("items").get(0).path("upload");
        assertThat(upload.has("url")).isTrue();
        assertThat(upload.has("slot")).as(upload.toString()).isFalse();
        assertThat(Instant.parse(upload.path("expiresAt").asString()))
                .isBefore(Instant.now().plus(Duration.ofHours(25)));
    }

    @Test
    void otherInstancesSignWithTheSlotKeyTheFirstOneCreated() throws Exception {
        byte[] current = keys.key().getEncoded();
        // Two more instances start on the same database with no key in memory, at once: each tries to create one.
        var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var first = pool.submit(() -> new UploadSlotKeys(jdbcClient, transactions, java.time.Clock.systemUTC())
                    .key()
                    .getEncoded());
            var second = pool.submit(() -> new UploadSlotKeys(jdbcClient, transactions, java.time.Clock.systemUTC())
                    .key()
                    .getEncoded());
            assertThat(first.get()).isEqualTo(current);
            assertThat(second.get()).isEqualTo(current);
        } finally {
            pool.shutdown();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM upload_slot_keys", Integer.class))
                .isEqualTo(1);
        // so a slot minted on one instance opens its upload on another
        Slotted line = announce(TestFiles.jpeg(20_000, 195));
        UploadSlots elsewhere =
                new UploadSlots(new UploadSlotKeys(jdbcClient, transactions, java.time.Clock.systemUTC()));
        assertThat(elsewhere.verify(line.slot()).orElseThrow().uploadId().toString())
                .isEqualTo(line.uploadId());
    }

    @Test
    void theApiDocumentSaysSlotsNeedNoBearerToken() {
        JsonNode document = api.get("/v3/api-docs").send().json();
        JsonNode slot = document.path("paths").path("/v1/upload-slots/{slot}");

        for (String method : List.of("put", "post", "head", "patch", "delete")) {
            assertThat(slot.path(method).path("security").isArray()).as(method).isTrue();
            assertThat(slot.path(method).path("security")).as(method).isEmpty();
        }
        assertThat(slot.path("put").path("responses").has("201")).isTrue();
        assertThat(slot.path("put").path("responses").has("429")).isTrue();
        assertThat(document.path("components")
                        .path("schemas")
                        .path("Manifest")
                        .path("properties")
                        .has("uploadSlots"))
                .isTrue();
        assertThat(document.path("components")
                        .path("schemas")
                        .path("UploadLink")
                        .path("properties")
                        .has("slot"))
                .isTrue();
    }

    @Test
    void photoKitsSingleRequestStoresTheFileAfterTheUsersTokenExpiredAndARetryStoresNothingTwice() throws Exception {
        // A phone photo's size: larger than the API's limit for JSON bodies (512 KB), which an upload is not.
        Slotted line = announce(TestFiles.jpeg(1_500_000, 111));
        assertThat(line.content().length).isGreaterThan(512 * 1024);
        // The token the app had when it handed the job over, expired by the time the system sends the request: its
        // lifetime ended two minutes ago, past the 60 s of clock skew the resource server allows (a 1 s token would
        // need a minute's wait to be refused).
        String shortLived = issuer.issue(user, List.of(), Duration.ofMinutes(-2));
        assertThat(api.get("/v1/media").token(shortLived).send().status())
                .as("the token has expired")
                .isEqualTo(401);

        // The system's one URLRequest, as a raw socket sends it: PUT the whole file, no Authorization.
        RawHttp.Response put = new RawHttp(port)
                .send(
                        ("PUT " + line.slotPath() + " HTTP/1.1\r\nContent-Type: image/jpeg")
                                .getBytes(StandardCharsets.US_ASCII),
                        line.content());

        assertThat(put.status()).as(put.toString()).isEqualTo(201);
        assertStoredOnce(line);

        // The system retries (it never saw the answer), with the app's expired token still on the request: the slot
        // alone decides, the answer is the same, and nothing is stored twice.
        Api.Response retry = api.request("PUT", line.slotPath())
                .token(shortLived)
                .header("Content-Type", "image/jpeg")
                .bytes(line.content())
                .send();
        assertThat(retry.status()).as(retry.toString()).isEqualTo(201);
        assertStoredOnce(line);
    }

    @Test
    void aTusClientFinishesOnTheSlotWhatAPutBegan() throws Exception {
        Slotted line = announce(TestFiles.jpeg(1_000_000, 122));
        byte[] content = line.content();
        int sent = content.length / 3;
        try (DraftExchange put =
                new DraftExchange(port, "PUT", line.slotPath(), content.length, "Content-Type: image/jpeg")) {
            put.send(content, 0, sent);
            Thread.sleep(500);
        }

        long[] offset = {-1};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Response head = api.request("HEAD", line.slotPath())
                    .header("Tus-Resumable", "1.0.0")
                    .send();
            offset[0] = head.status() == 200 ? Long.parseLong(head.header("Upload-Offset")) : -1;
            return offset[0] > 0 && !writing(line);
        });
        Api.Response patched = api.request("PATCH", line.slotPath())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", String.valueOf(offset[0]))
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(Arrays.copyOfRange(content, (int) offset[0], content.length))
                .send();

        assertThat(patched.status()).as(patched.toString()).isEqualTo(204);
        assertThat(patched.header("Tus-Resumable")).isEqualTo("1.0.0");
        assertThat(patched.header("Upload-Offset")).isEqualTo(String.valueOf(content.length));
        assertStoredOnce(line);
    }

    @Test
    void anInterruptedSlotUploadResumesWithTheDraftsHeadAndPatchOnTheSlot() throws Exception {
        Slotted line = announce(TestFiles.jpeg(1_500_000, 121));
        byte[] content = line.content();
        int sent = content.length / 2;

        try (DraftExchange put =
                new DraftExchange(port, "PUT", line.slotPath(), content.length, "Content-Type: image/jpeg")) {
            put.send(content, 0, sent);
            Thread.sleep(500);
        } // the phone lost its network

        long[] offset = {-1};
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Api.Response head = api.request("HEAD", line.slotPath())
                    .header("Upload-Draft-Interop-Version", "6")
                    .send();
            offset[0] = head.status() == 204 ? Long.parseLong(head.header("Upload-Offset")) : -1;
            return offset[0] > 0 && !writing(line);
        });
        assertThat(offset[0]).isLessThanOrEqualTo(sent);

        Api.Response patched = api.request("PATCH", line.slotPath())
                .header("Upload-Draft-Interop-Version", "6")
                .header("Upload-Offset", String.valueOf(offset[0]))
                .header("Upload-Complete", "?1")
                .header("Content-Type", "application/partial-upload")
                .bytes(Arrays.copyOfRange(content, (int) offset[0], content.length))
                .send();

        assertThat(patched.status()).as(patched.toString()).isEqualTo(201);
        assertThat(patched.header("Upload-Complete")).isEqualTo("?1");
        assertStoredOnce(line);
    }

    @Test
    void theDraftsCreationOnASlotAnnouncesTheSlotItselfAsWhereToResume() throws Exception {
        Slotted line = announce(TestFiles.jpeg(100_000, 125));
        byte[] content = line.content();

        String interim;
        String last;
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + line.slotPath() + " HTTP/1.1\r\nHost: localhost:" + port
                            + "\r\nUpload-Draft-Interop-Version: 6\r\nUpload-Complete: ?1\r\n"
                            + "Content-Type: application/octet-stream\r\nContent-Length: " + content.length
                            + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // URLSession learns where to resume before it sends a byte of the body
            interim = head(socket.getInputStream());
            out.write(content);
            out.flush();
            last = head(socket.getInputStream());
        }

        assertThat(interim).startsWith("HTTP/1.1 104 ");
        assertThat(interim).containsIgnoringCase("Location: " + line.slotUrl() + "\r\n");
        assertThat(interim).containsIgnoringCase("Upload-Draft-Interop-Version: 6\r\n");
        assertThat(last).startsWith("HTTP/1.1 201 ");
        assertThat(last).containsIgnoringCase("Upload-Complete: ?1\r\n");
        assertThat(last).containsIgnoringCase("Location: " + line.slotUrl() + "\r\n");
        assertStoredOnce(line);
    }

    @Test
    void aSlotWithOneCharacterChangedIsNotFound() {
        Slotted line = announce(TestFiles.jpeg(20_000, 131));
        char[] altered = line.slot().toCharArray();
        int at = altered.length / 2;
        altered[at] = altered[at] == 'A' ? 'B' : 'A';
        String forged = UploadSlots.PATH + new String(altered);

        Api.Response put = api.request("PUT", forged)
                .header("Content-Type", "image/jpeg")
                .bytes(line.content())
                .send();

        assertThat(put.status()).as(put.toString()).isEqualTo(404);
        assertThat(put.problem()).isEqualTo("not-found");
        assertThat(put.json().path("instance").asString())
                .isEqualTo(UploadSlots.PATH + new String(altered, 0, UploadSlots.SHOWN) + "...");
        assertThat(put.body()).doesNotContain(new String(altered));
        assertThat(offset(line)).isZero();
        assertThat(api.request("PUT", UploadSlots.PATH + "not-a-slot").send().status())
                .isEqualTo(404);
    }

    @Test
    void aSlotOfOneUserCannotTouchAnotherUsersUpload() {
        Slotted mine = announce(TestFiles.jpeg(20_000, 141));
        String other = newUser("other");
        TusUploads theirs = new TusUploads(api, token(other)).ready(currentNotice("cloud_processing", "en"));
        byte[] theirPhoto = TestFiles.jpeg(20_000, 142);
        JsonNode theirLine =
                manifest(theirs.token(), true, theirPhoto).path("items").get(0);
        UUID theirUpload =
                UUID.fromString(lastSegment(theirLine.path("upload").path("url").asString()));

        // My slot's MAC with their upload's id in it.
        byte[] bytes = Base64.getUrlDecoder().decode(mine.slot());
        ByteBuffer.wrap(bytes, 1, 16)
                .putLong(theirUpload.getMostSignificantBits())
                .putLong(theirUpload.getLeastSignificantBits());
        String swapped = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        Api.Response put = api.request("PUT", UploadSlots.PATH + swapped)
                .header("Content-Type", "image/jpeg")
                .bytes(theirPhoto)
                .send();

        assertThat(put.status()).as(put.toString()).isEqualTo(404);
        assertThat(api.request("DELETE", UploadSlots.PATH + swapped).send().status())
                .isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT state FROM uploads WHERE upload_id = ?", String.class, theirUpload))
                .isEqualTo("open");
        assertThat(jdbc.queryForObject(
                        "SELECT upload_offset FROM uploads WHERE upload_id = ?", Long.class, theirUpload))
                .isZero();
        // and my own slot opens my upload only
        assertThat(slots.verify(mine.slot()).orElseThrow().uploadId().toString())
                .isEqualTo(mine.uploadId());
    }

    @Test
    void anExpiredSlotIsGone() {
        Slotted line = announce(TestFiles.jpeg(20_000, 151));
        String expired = slots.mint(
                UploadId.of(UUID.fromString(line.uploadId())), Instant.now().minusSeconds(1));

        Api.Response put = api.request("PUT", UploadSlots.PATH + expired)
                .header("Content-Type", "image/jpeg")
                .bytes(line.content())
                .send();

        assertThat(put.status()).as(put.toString()).isEqualTo(410);
        assertThat(put.problem()).isEqualTo("upload-gone");
        assertThat(put.json().path("detail").asString()).contains("slot expired");
        assertThat(offset(line)).isZero();
    }

    @Test
    void anExpiredSlotOfAFileThatArrivedAnswersThatItArrived() {
        Slotted line = announce(TestFiles.jpeg(20_000, 152));
        assertThat(api.request("PUT", line.slotPath())
                        .header("Content-Type", "image/jpeg")
                        .bytes(line.content())
                        .send()
                        .status())
                .isEqualTo(201);
        String expired = slots.mint(
                UploadId.of(UUID.fromString(line.uploadId())), Instant.now().minusSeconds(1));

        Api.Response retried = api.request("PUT", UploadSlots.PATH + expired)
                .header("Content-Type", "image/jpeg")
                .bytes(line.content())
                .send();

        assertThat(retried.status()).as(retried.toString()).isEqualTo(201);
        assertStoredOnce(line);
    }

    @Test
    void aWithdrawalRevokesTheSlotAtOnceAndNothingIsStored() {
        Slotted line = announce(TestFiles.jpeg(20_000, 161));
        // A request of the user still holds a writer lease: the purge that follows the withdrawal waits for it, so
        // the upload's row is still there when the slot is used, as in the moment right after a withdrawal.
        jdbc.update(
                "UPDATE uploads SET writer = 'another request', writer_until = now() + interval '1 minute' "
                        + "WHERE upload_id = ?::uuid",
                line.uploadId());
        assertThat(withdraw(uploads.token(), "cloud_processing").status()).isEqualTo(200);

        Api.Response put = api.request("PUT", line.slotPath())
                .header("Content-Type", "image/jpeg")
                .bytes(line.content())
                .send();

        assertThat(put.status()).as(put.toString()).isEqualTo(403);
        assertThat(put.problem()).isEqualTo("consent-required");
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM uploads WHERE upload_id = ?::uuid", String.class, line.uploadId()))
                .isEqualTo("cancelled");
        assertThat(api.request("HEAD", line.slotPath())
                        .header("Upload-Draft-Interop-Version", "8")
                        .send()
                        .status())
                .isEqualTo(403);

        jdbc.update("UPDATE uploads SET writer = NULL, writer_until = NULL WHERE upload_id = ?::uuid", line.uploadId());
        awaitPurged(user);
        Api.Response afterPurge = api.request("PUT", line.slotPath())
                .header("Content-Type", "image/jpeg")
                .bytes(line.content())
                .send();
        assertThat(afterPurge.status()).as(afterPurge.toString()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM media WHERE subject = ?", Integer.class, user))
                .isZero();
        String userKey =
                jdbc.queryForObject("SELECT user_key FROM user_accounts WHERE subject = ?", String.class, user);
        assertThat(store.list("u/" + userKey + "/")).isEmpty();
    }

    @Test
    void anErasedAccountsSlotIsNotFound() {
        Slotted line = announce(TestFiles.jpeg(20_000, 171));
        assertThat(api.request("DELETE", "/v1/me").token(uploads.token()).send().status())
                .isIn(200, 202);
        awaitPurged(user);

        Api.Response put = api.request("PUT", line.slotPath())
                .header("Content-Type", "image/jpeg")
                .bytes(line.content())
                .send();

        assertThat(put.status()).as(put.toString()).isEqualTo(404);
        assertThat(put.problem()).isEqualTo("not-found");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM media WHERE subject = ?", Integer.class, user))
                .isZero();
    }

    @Test
    void aSlotMakesAtMostItsRequestsPerMinute() {
        Slotted line = announce(TestFiles.jpeg(20_000, 181));
        List<Integer> statuses = new ArrayList<>();
        Api.Response last = null;
        for (int i = 0; i < 31; i++) {
            last = api.request("HEAD", line.slotPath())
                    .header("Upload-Draft-Interop-Version", "8")
                    .send();
            statuses.add(last.status());
        }

        assertThat(statuses.subList(0, 30)).containsOnly(204);
        assertThat(last.status()).isEqualTo(429);
        assertThat(Integer.parseInt(last.header("Retry-After"))).isBetween(1, 60);
        // another slot is counted on its own
        Slotted other = announce(TestFiles.jpeg(20_000, 182));
        assertThat(api.request("HEAD", other.slotPath())
                        .header("Upload-Draft-Interop-Version", "8")
                        .send()
                        .status())
                .isEqualTo(204);
    }

    @Test
    void theServiceNeverLogsASlotInFull(CapturedOutput output) {
        LoggingSystem logging = LoggingSystem.get(getClass().getClassLoader());
        List<String> loggers = List.of("org.springframework.web", "org.springframework.security", "dev.camroll");
        loggers.forEach(logger -> logging.setLogLevel(logger, LogLevel.DEBUG));
        List<String> used = new ArrayList<>();
        try {
            Slotted stored = announce(TestFiles.jpeg(30_000, 191));
            used.add(stored.slot());
            api.request("PUT", stored.slotPath())
                    .header("Content-Type", "image/jpeg")
                    .bytes(stored.content())
                    .send();
            Slotted refused = announce(TestFiles.jpeg(30_000, 192));
            used.add(refused.slot());
            // content that is not the announced file: 422, logged as a failed upload
            Api.Response mismatch = api.request("PUT", refused.slotPath())
                    .header("Content-Type", "image/jpeg")
                    .bytes(TestFiles.jpeg(30_000, 193))
                    .send();
            assertThat(mismatch.status()).as(mismatch.toString()).isIn(400, 422);
            String expired = slots.mint(UploadId.of(UUID.fromString(refused.uploadId())), Instant.now());
            used.add(expired);
            api.request("HEAD", UploadSlots.PATH + expired).send();
            api.request("GET", stored.slotPath()).send(); // no such method: 405 from the framework
        } finally {
            loggers.forEach(logger -> logging.setLogLevel(logger, null));
        }

        for (String slot : used) {
            assertThat(output.getAll()).doesNotContain(slot).doesNotContain(slot.substring(0, 9));
        }
        // the requests were logged, shortened
        assertThat(output.getAll()).contains("/v1/upload-slots/" + used.get(0).substring(0, 8) + "...");
    }

    private JsonNode manifest(String token, boolean uploadSlots, byte[]... contents) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (byte[] content : contents) {
            items.add(Map.of(
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
        Map<String, Object> body = uploadSlots ? Map.of("items", items, "uploadSlots", true) : Map.of("items", items);
        Api.Response answer =
                api.post("/v1/devices/phone/batches", body).token(token).send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(201);
        return answer.json();
    }

    private Slotted announce(byte[] content) {
        JsonNode line = manifest(uploads.token(), true, content).path("items").get(0);
        assertThat(line.path("disposition").asString()).as(line.toString()).isEqualTo("upload");
        return new Slotted(
                line.path("clientAssetId").asString(),
                line.path("upload").path("url").asString(),
                line.path("upload").path("slot").path("url").asString(),
                line.path("mediaId").asString(),
                content);
    }

    private void assertStoredOnce(Slotted line) {
        assertThat(TusUploads.storedSha256(store, jdbc, line.mediaId())).isEqualTo(TestFiles.sha256(line.content()));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM media WHERE subject = ?", Integer.class, user))
                .isEqualTo(1);
        String userKey =
                jdbc.queryForObject("SELECT user_key FROM user_accounts WHERE subject = ?", String.class, user);
        assertThat(store.list("u/" + userKey + "/original/")).hasSize(1);
        assertThat(jdbc.queryForObject(
                        "SELECT state FROM uploads WHERE upload_id = ?::uuid", String.class, line.uploadId()))
                .isEqualTo("completed");
    }

    private long offset(Slotted line) {
        return jdbc.queryForObject(
                "SELECT upload_offset FROM uploads WHERE upload_id = ?::uuid", Long.class, line.uploadId());
    }

    private boolean writing(Slotted line) {
        return jdbc.queryForObject(
                "SELECT writer_until IS NOT NULL AND writer_until > now() FROM uploads WHERE upload_id = ?::uuid",
                Boolean.class,
                line.uploadId());
    }

    /** One response's status line and headers, read byte by byte up to the blank line that ends them. */
    private static String head(java.io.InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection ended before a response: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static String lastSegment(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
