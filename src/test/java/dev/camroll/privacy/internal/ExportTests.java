package dev.camroll.privacy.internal;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import dev.camroll.identity.Subject;
import dev.camroll.media.MediaSamples;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * {@code GET /v1/me/export} end to end: a user with consent, a device, analysed photos with positions, a suggestion,
 * occasions and a staff look gets one document whose every part is what the API shows for it, with receipts that
 * verify against the published keys and nothing of another user; after erasure the ledger, the access log and the
 * purge are what is left. Also the size of a 10,000-media export.
 */
class ExportTests extends EndToEndTest {

    static final String REASON = "Ticket 4711: user asks why uploads stopped";

    @Autowired
    UserExports exports;

    int seed;

    @Test
    void theExportHoldsEveryPartOfTheUsersDataAsTheApiShowsItAndNothingOfAnotherUsers() throws Exception {
        String bystander = newUser("bystander");
        TusUploads other = new TusUploads(api, token(bystander)).ready(currentNotice("cloud_processing", "en"));
        String otherMedia =
                other.uploadBatch(moment("2025:05:01 09:0", 1)).get(0).mediaId();
        lookAsSupport(bystander);

        String subject = newUser("exporter");
        String token = token(subject);
        TusUploads phone = new TusUploads(api, token).ready(currentNotice("cloud_processing", "en"));
        assertThat(give(token, "location_analysis").status()).isEqualTo(200);
        phone.uploadBatch(moment("2025:06:14 15:0", 4));
        assertThat(api.put(
                                "/v1/me/occasions",
                                List.of(
                                        Map.of("label", "Mum", "kind", "birthday", "month", 5, "day", 3),
                                        Map.of("label", "Wedding", "kind", "anniversary", "month", 9, "day", 21)))
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60)).until(() -> collage(token) != null && quiet(subject, bystander));
        String collageId = collage(token).path("suggestionId").asString();
        assertThat(api.post("/v1/suggestions/" + collageId + "/feedback", Map.of("action", "dismissed"))
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(200);
        lookAsSupport(subject);

        Api.Response response = api.get("/v1/me/export").token(token).send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        JsonNode export = response.json();
        Instant exportedAt = Instant.parse(export.path("exportedAt").asString());
        assertThat(export.path("exportedAt").asString()).endsWith("Z");
        assertThat(response.header("Content-Disposition"))
                .isEqualTo("attachment; filename=\"camroll-export-" + LocalDate.ofInstant(exportedAt, ZoneOffset.UTC)
                        + ".json\"");
        assertThat(export.path("subject").asString()).isEqualTo(subject);
        assertThat(export.path("account").has("erasedAt")).isTrue();
        assertThat(export.path("account").path("erasedAt").isNull()).isTrue();

        JsonNode consent = export.path("consent");
        assertThat(consent.path("purposes"))
                .isEqualTo(api.get("/v1/consent").token(token).send().json().path("purposes"));
        JsonNode history =
                api.get("/v1/consent/history?limit=200").token(token).send().json();
        assertThat(withoutReceipts(consent.path("history"))).isEqualTo(history.path("items"));
        assertThat(consent.path("history")).hasSize(2);
        assertThat(consent.path("chain")).isEqualTo(history.path("chain"));
        assertThat(consent.path("chain").path("valid").asBoolean()).isTrue();
        consent.path("history").forEach(this::assertReceiptVerifies);

        JsonNode accessLog = export.path("accessLog");
        assertThat(accessLog)
                .isEqualTo(
                        api.get("/v1/me/access-log").token(token).send().json().path("items"));
        assertThat(accessLog).hasSize(1);
        assertThat(accessLog.get(0).path("reason").asString()).isEqualTo(REASON);
        assertThat(accessLog.get(0).path("resource").asString())
                .isEqualTo("GET /v1/support/users/" + subject + "/consent");
        assertThat(accessLog.get(0).has("userId"))
                .as("the user's own log does not repeat their id")
                .isFalse();

        assertThat(export.path("devices")).hasSize(1);
        assertThat(export.path("devices").get(0))
                .isEqualTo(api.get("/v1/devices/phone").token(token).send().json());
        JsonNode media = export.path("media");
        assertThat(media)
                .isEqualTo(api.get("/v1/media?limit=200")
                        .token(token)
                        .send()
                        .json()
                        .path("items"));
        assertThat(export.path("batches")).as("the one manifest the phone sent").hasSize(1);
        JsonNode manifest = export.path("batches").get(0);
        assertThat(manifest.path("deviceId").asString()).isEqualTo("phone");
        assertThat(manifest.path("items")).hasSize(4).allSatisfy(line -> {
            assertThat(line.path("disposition").asString()).isEqualTo("upload");
            assertThat(line.path("mimeType").asString()).isEqualTo("image/jpeg");
            assertThat(line.has("problem")).isFalse();
        });
        assertThat(manifest.path("items")
                        .valueStream()
                        .map(line -> line.path("mediaId").asString()))
                .containsExactlyInAnyOrderElementsOf(media.valueStream()
                        .map(m -> m.path("mediaId").asString())
                        .toList());
        assertThat(manifest.path("items")
                        .valueStream()
                        .map(line -> line.path("sha256").asString()))
                .containsExactlyInAnyOrderElementsOf(media.valueStream()
                        .map(m -> m.path("sha256").asString())
                        .toList());
        assertThat(media).hasSize(4).allSatisfy(item -> {
            assertThat(item.path("state").asString()).isEqualTo("processed");
            assertThat(item.path("location").path("lat").asDouble()).isCloseTo(47.37, offset(1e-4));
        });
        List<JsonNode> shown = new ArrayList<>(api.get("/v1/suggestions?limit=200")
                .token(token)
                .send()
                .json()
                .path("items")
                .valueStream()
                .toList());
        shown.addAll(api.get("/v1/suggestions?limit=200&state=dismissed")
                .token(token)
                .send()
                .json()
                .path("items")
                .valueStream()
                .toList());
        assertThat(export.path("suggestions").valueStream().toList()).containsExactlyInAnyOrderElementsOf(shown);
        assertThat(export.path("suggestions")
                        .valueStream()
                        .filter(s -> s.path("suggestionId").asString().equals(collageId))
                        .findFirst()
                        .orElseThrow()
                        .path("state")
                        .asString())
                .as("dismissed suggestions are the user's data too")
                .isEqualTo("DISMISSED");
        assertThat(export.path("occasions"))
                .isEqualTo(api.get("/v1/me/occasions").token(token).send().json());
        assertThat(export.path("occasions")).hasSize(2);
        assertThat(export.path("purges")).isEmpty();

        assertThat(response.body())
                .as("nothing of the other user")
                .doesNotContain(bystander)
                .doesNotContain(otherMedia);
        assertThat(api.get("/v1/me/export").token(other.token()).send().body())
                .as("nor the other way round")
                .doesNotContain(subject)
                .doesNotContain(media.get(0).path("mediaId").asString());
    }

    @Test
    void afterErasureTheExportHoldsTheLedgerWithTheDataPurgedEntryTheAccessLogAndNothingElse() throws Exception {
        String subject = newUser("erasing");
        String token = token(subject);
        TusUploads phone = new TusUploads(api, token).ready(currentNotice("cloud_processing", "en"));
        phone.uploadBatch(moment("2025:07:01 10:0", 2));
        api.put("/v1/me/occasions", List.of(Map.of("label", "Dad", "kind", "birthday", "month", 1, "day", 9)))
                .token(token)
                .send();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> quiet(subject)
                        && api.get("/v1/media")
                                        .token(token)
                                        .send()
                                        .json()
                                        .path("items")
                                        .size()
                                == 2);
        lookAsSupport(subject);
        JsonNode before = api.get("/v1/me/export").token(token).send().json();
        assertThat(before.path("media")).hasSize(2);

        Api.Response erased = api.request("DELETE", "/v1/me").token(token).send();
        assertThat(erased.status()).isEqualTo(202);
        awaitPurged(subject);
        JsonNode export = api.get("/v1/me/export").token(token).send().json();

        assertThat(export.path("media")).isEmpty();
        assertThat(export.path("batches")).isEmpty();
        assertThat(export.path("devices")).isEmpty();
        assertThat(export.path("suggestions")).isEmpty();
        assertThat(export.path("occasions")).isEmpty();
        assertThat(Instant.parse(export.path("account").path("erasedAt").asString()))
                .isAfter(Instant.parse(before.path("exportedAt").asString()));
        JsonNode history = export.path("consent").path("history");
        JsonNode purged = history.get(history.size() - 1);
        assertThat(purged.path("type").asString()).isEqualTo("DATA_PURGED");
        assertThat(purged.path("details").path("deleted").path("media").asInt()).isEqualTo(2);
        assertThat(export.path("consent").path("chain").path("valid").asBoolean())
                .isTrue();
        history.forEach(this::assertReceiptVerifies);
        assertThat(export.path("accessLog"))
                .as("kept as proof of accountability")
                .isEqualTo(before.path("accessLog"));
        assertThat(export.path("purges")).hasSize(1);
        JsonNode purge = export.path("purges").get(0);
        assertThat(purge.path("purgeId").asString())
                .isEqualTo(erased.json().path("purgeId").asString());
        assertThat(purge.path("scope").asString()).isEqualTo("account");
        assertThat(purge.path("finishedAt").asString()).endsWith("Z");
        assertThat(purge.path("ledgerEventId").asString())
                .isEqualTo(purged.path("eventId").asString());
    }

    @Test
    void withoutATokenTheExportIsAnUnauthorizedProblem() {
        Api.Response response = api.get("/v1/me/export").send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo("unauthorized");
    }

    @Test
    void theExportIsDocumentedInTheOpenApi() {
        JsonNode operation = api.get("/v3/api-docs")
                .send()
                .json()
                .path("paths")
                .path("/v1/me/export")
                .path("get");

        assertThat(operation.path("summary").asString()).isNotEmpty();
        assertThat(operation.path("description").asString()).contains("receipt").contains("No photo");
    }

    /**
     * Not a benchmark, a size check: a library of 10,000 processed media with positions and cameras, seeded straight
     * into the table. Prints the document's size, the time of the HTTP request, and what reading and writing it
     * allocates on one thread (all of it garbage page by page: the export is streamed).
     */
    @Test
    void anExportOfTenThousandMediaIsAFewMegabytes() throws Exception {
        String subject = newUser("library");
        String token = token(subject);
        give(token, "cloud_processing");
        give(token, "location_analysis");
        int media = 10_000;
        jdbc.update("""
                INSERT INTO media (media_id, subject, device_id, client_asset_id, kind, mime_type, size, sha256,
                    captured_at, captured_at_local, captured_offset, state, created_at, updated_at, width, height,
                    latitude, longitude, camera_make, camera_model, has_preview, original_kept)
                SELECT gen_random_uuid(), ?, 'phone', 'IMG_' || n || '.HEIC', 'photo', 'image/jpeg', 2500000 + n,
                    md5(n::text) || md5((n + 1)::text), now() - n * interval '1 hour',
                    (now() - n * interval '1 hour') AT TIME ZONE 'UTC', '+00:00', 'processed', now(), now(), 4032, 3024,
                    47.37 + n / 100000.0, 8.54, 'Apple', 'iPhone 15 Pro', true, false
                FROM generate_series(1, ?) n
                """, subject, media);

        Api.Response response = null;
        List<Long> httpMillis = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            long started = System.nanoTime();
            response = api.get("/v1/me/export").token(token).send();
            httpMillis.add((System.nanoTime() - started) / 1_000_000);
        }
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("media")).hasSize(media);

        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        CountingStream written = null;
        for (String run : List.of("first", "second")) {
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            long started = System.nanoTime();
            written = new CountingStream();
            exports.write(Subject.of(subject), Instant.now(), written);
            long inProcessMillis = (System.nanoTime() - started) / 1_000_000;
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            System.out.printf(
                    "Export of %,d media: %,d bytes of JSON (%.1f MB); HTTP requests (first, second) %s ms; "
                            + "%s in-process run assembled and wrote it in %,d ms, allocating %.1f MB on its thread%n",
                    media,
                    response.body().length(),
                    response.body().length() / 1e6,
                    httpMillis,
                    run,
                    inProcessMillis,
                    allocated / 1e6);
        }
        assertThat(written.count)
                .as("the in-process measure wrote the same document, up to exportedAt's digits")
                .isCloseTo(response.body().getBytes(StandardCharsets.UTF_8).length, within(16L));
        jdbc.update("DELETE FROM media WHERE subject = ?", subject); // keeps the shared test database small
    }

    /**
     * The export is written while it is read: a client that reads the first bytes and then stops finds the service
     * blocked mid-document with its read snapshot still open (an export built in memory would have finished reading,
     * and closed its transaction, before the first byte), and reading on brings the whole, valid document.
     */
    @Test
    void anExportOfTwentyThousandMediaArrivesWhileTheServiceIsStillReadingIt() throws Exception {
        String subject = newUser("streamed");
        String token = token(subject);
        give(token, "cloud_processing");
        int media = 20_000;
        seedMedia(subject, media);
        Timestamp before = jdbc.queryForObject("SELECT now()", Timestamp.class);

        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096); // a small window, so the service's writes block once its buffers fill
            socket.connect(new InetSocketAddress("localhost", port));
            socket.getOutputStream()
                    .write(("GET /v1/me/export HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer "
                                    + token + "\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            String head = headers(in);
            byte[] first = in.readNBytes(1024);

            assertThat(head).startsWith("HTTP/1.1 200").containsIgnoringCase("transfer-encoding: chunked");
            assertThat(new String(first, StandardCharsets.UTF_8)).contains("{\"exportedAt\":");
            Map<String, Object> reading = await("the export blocked mid-document")
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> exportTransaction(before), r -> r != null);
            Thread.sleep(1000);
            assertThat(exportTransaction(before))
                    .as("still open a second later: the service waits for the client")
                    .isEqualTo(reading);
            Api.Response second = api.get("/v1/me/export").token(token).send();
            assertThat(second.status()).as("one export per user at a time").isEqualTo(429);
            assertThat(second.problem()).isEqualTo("rate-limited");
            assertThat(second.header("Retry-After")).isEqualTo("10");

            byte[] rest = in.readAllBytes();
            byte[] raw = new byte[first.length + rest.length];
            System.arraycopy(first, 0, raw, 0, first.length);
            System.arraycopy(rest, 0, raw, first.length, rest.length);
            byte[] body = dechunked(raw);
            JsonNode export = Api.JSON.readTree(body);
            System.out.printf(
                    "Streamed export of %,d media: %,d bytes; the client had %,d bytes when the service was "
                            + "found blocked in its transaction%n",
                    media, body.length, first.length);
            assertThat(export.path("media")).hasSize(media);
            assertThat(export.path("media").get(0).path("clientAssetId").asString())
                    .isNotBlank();
            assertThat(export.path("consent").path("chain").path("valid").asBoolean())
                    .isTrue();
            assertThat(export.path("purges").isArray()).isTrue();
        }
        await("the export's transaction ended")
                .atMost(Duration.ofSeconds(10))
                .until(() -> exportTransaction(before) == null);
        jdbc.update("DELETE FROM media WHERE subject = ?", subject);
    }

    /** The export's read-only transaction while it is open and idle (the service waiting to write), else null. */
    Map<String, Object> exportTransaction(Timestamp since) {
        return jdbc.queryForList("""
                SELECT pid, xact_start FROM pg_stat_activity
                WHERE state = 'idle in transaction' AND xact_start >= ?
                  AND (query LIKE '%FROM media%' OR query LIKE '%DISTINCT ON (purpose)%')
                """, since).stream().findFirst().orElse(null);
    }

    void seedMedia(String subject, int count) {
        jdbc.update("""
                INSERT INTO media (media_id, subject, device_id, client_asset_id, kind, mime_type, size, sha256,
                    captured_at, captured_at_local, captured_offset, state, created_at, updated_at, width, height,
                    latitude, longitude, camera_make, camera_model, has_preview, original_kept)
                SELECT gen_random_uuid(), ?, 'phone', 'IMG_' || n || '.HEIC', 'photo', 'image/jpeg', 2500000 + n,
                    md5(n::text) || md5((n + 1)::text), now() - n * interval '1 hour',
                    (now() - n * interval '1 hour') AT TIME ZONE 'UTC', '+00:00', 'processed', now(), now(), 4032, 3024,
                    47.37 + n / 100000.0, 8.54, 'Apple', 'iPhone 15 Pro', true, false
                FROM generate_series(1, ?) n
                """, subject, count);
    }

    /** The status line and headers of an HTTP/1.1 answer, read up to the empty line. */
    static String headers(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            assertThat(b).as("the answer ended within its headers").isNotNegative();
            head.append((char) b);
        }
        return head.toString();
    }

    /** The body of a chunked transfer coding. */
    static byte[] dechunked(byte[] raw) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int at = 0;
        while (true) {
            int lineEnd = indexOfCrlf(raw, at);
            int size = Integer.parseInt(
                    new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII).split(";")[0].trim(), 16);
            if (size == 0) {
                return body.toByteArray();
            }
            body.write(raw, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }

    static int indexOfCrlf(byte[] raw, int from) {
        for (int i = from; i < raw.length - 1; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return i;
            }
        }
        throw new AssertionError("no chunk line at " + from);
    }

    // --- helpers ---

    /** {@code count} distinct photos with a position, a minute apart from {@code minutePrefix}0 on: one moment. */
    List<byte[]> moment(String minutePrefix, int count) {
        List<byte[]> shots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shots.add(MediaSamples.exif()
                    .takenAt(minutePrefix + i + ":00")
                    .gps(47.37, 8.54)
                    .into(MediaSamples.jpeg(MediaSamples.photo(640, 480, 500 + seed++))));
        }
        return shots;
    }

    void lookAsSupport(String subject) {
        Api.Response look = api.get("/v1/support/users/" + subject + "/consent")
                .token(token(newUser("agent"), "support"))
                .header("X-Access-Reason", REASON)
                .send();
        assertThat(look.status()).as(look.body()).isEqualTo(200);
    }

    /** The user's collage with its image, or null while there is none. */
    JsonNode collage(String token) {
        return api.get("/v1/suggestions")
                .token(token)
                .send()
                .json()
                .path("items")
                .valueStream()
                .filter(s -> "COLLAGE".equals(s.path("kind").asString()) && s.has("imageUrl"))
                .findFirst()
                .orElse(null);
    }

    /** No job of these users waits or runs, so their data stays as it is while the test compares. */
    boolean quiet(String... subjects) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running') AND subject = ANY (?)",
                        Integer.class,
                        (Object) subjects)
                == 0;
    }

    static JsonNode withoutReceipts(JsonNode history) {
        List<JsonNode> entries = new ArrayList<>();
        history.forEach(entry -> {
            ObjectNode copy = ((ObjectNode) entry).deepCopy();
            copy.remove("receipt");
            entries.add(copy);
        });
        return Api.JSON.valueToTree(entries);
    }

    /** The entry's receipt is signed by a published key and says what the entry says. */
    void assertReceiptVerifies(JsonNode entry) {
        try {
            JsonNode receipt = entry.path("receipt");
            assertThat(receipt.path("eventId").asString())
                    .isEqualTo(entry.path("eventId").asString());
            JWSObject jws = JWSObject.parse(receipt.path("jws").asString());
            JWKSet keys = JWKSet.parse(
                    api.get("/v1/consent/receipts/jwks.json").send().body());
            assertThat(jws.verify(new ECDSAVerifier(
                            keys.getKeyByKeyId(jws.getHeader().getKeyID()).toECKey())))
                    .isTrue();
            Map<String, Object> payload = new HashMap<>(jws.getPayload().toJSONObject());
            assertThat(payload)
                    .containsEntry("receiptId", entry.path("eventId").asString())
                    .containsEntry("type", entry.path("type").asString())
                    .containsEntry("hash", entry.path("hash").asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static final class CountingStream extends OutputStream {

        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
