package dev.camroll.privacy.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import dev.camroll.media.MediaSamples;
import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Withdrawal and erasure end to end against a real store (the subclasses pick it): after the purge, a scan of the store
 * and of every table finds nothing of the user's but the ledger, the access log and the purge record, another user's
 * data is untouched, and the DATA_PURGED entry's receipt verifies against the published keys.
 */
abstract class PurgeContract extends EndToEndTest {

    /**
     * Tables that keep a user's subject after a withdrawal's purge, on purpose (docs/privacy.md); the ledger's verified
     * head (consent_chain_heads) goes with the kept ledger, and so do its salt and positions in the transparency log.
     */
    static final List<String> KEPT_AFTER_WITHDRAWAL = List.of(
            "user_accounts",
            "consent_events",
            "consent_chain_heads",
            "access_log",
            "purges",
            "devices",
            "transparency_salts",
            "transparency_positions");

    /** ... and after an account erasure, which destroys the salt and the positions. */
    static final List<String> KEPT_AFTER_ERASURE =
            List.of("user_accounts", "consent_events", "consent_chain_heads", "access_log", "purges");

    @Autowired
    ObjectStore store;

    @Autowired
    ApplicationContext context;

    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void workersRun() {
        workers().start();
    }

    @Test
    void aWithdrawalWithAnUploadStreamingAndJobsQueuedLeavesNothingOfTheUser() throws Exception {
        TusUploads bystander = readyUser("bystander");
        bystander.uploadBatch(photos(4, 0));
        TusUploads user = readyUser("withdrawing");
        give(user.token(), "location_analysis");
        give(user.token(), "original_retention");
        user.uploadBatch(photos(5, 10));
        assertThat(api.put(
                                "/v1/me/occasions",
                                List.of(Map.of("label", "Mum", "kind", "birthday", "month", 5, "day", 3)))
                        .token(user.token())
                        .send()
                        .status())
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> processed(subjectOf(bystander)) == 4
                        && processed(subjectOf(user)) == 5
                        && suggestions(user) > 0
                        && !hasQueuedOrRunningJobs(subjectOf(user), subjectOf(bystander)));
        String subject = subjectOf(user);
        String userKey = userKey(subject);
        Map<String, Integer> bystanderRows = rowsOf(subjectOf(bystander));
        List<String> bystanderObjects = store.list("u/" + userKey(subjectOf(bystander)) + "/");

        // With the workers stopped, the next photos' analyses wait in the queue, and one upload streams on.
        workers().stop();
        user.uploadBatch(photos(2, 20));
        assertThat(queuedJobs(subject)).as("analyses queued").isGreaterThanOrEqualTo(2);
        TusUploads.Announced large = user.announce(TestFiles.jpeg(3_000_000, 7), "image/jpeg", "photo");
        Streaming streaming = stream(user, large, 1_000_000);
        await().atMost(Duration.ofSeconds(10)).until(() -> user.offset(large) > 0 || streaming.staged(jdbc));
        List<String> before = store.list("u/" + userKey + "/");

        Api.Response withdrawn = withdraw(user.token(), "cloud_processing");
        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(queuedJobs(subject))
                .as("the withdrawal cancelled the queued jobs in its transaction")
                .isZero();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM uploads WHERE subject = ? AND state = 'open'", Integer.class, subject))
                .as("and the uploads")
                .isZero();
        assertThat(user.batch(large).path("state").asString())
                .as("which closed their batches")
                .isNotEqualTo("open");
        assertThat(user.batchLine(large).path("state").asString()).isEqualTo("failed");
        Api.Response again = give(user.token(), "cloud_processing");
        assertThat(again.status())
                .as("consent cannot be given again while the purge runs")
                .isEqualTo(409);
        assertThat(again.problem()).isEqualTo("purge-pending");

        streaming.finish();
        assertThat(streaming.status())
                .as("the rest of the upload after the withdrawal is refused")
                .isIn(403, 410);
        workers().start();
        JsonNode purged = awaitPurgedEntry(user.token());

        assertThat(store.list("u/" + userKey + "/"))
                .as("objects under the user's prefix")
                .isEmpty();
        assertThat(store.list("staging/"))
                .as("staged bytes of the user's uploads")
                .noneMatch(key -> key.contains(TusUploads.uploadId(large)));
        assertNothingOfTheUserIn(subject, KEPT_AFTER_WITHDRAWAL);
        assertThat(rowsOf(subjectOf(bystander))).as("the other user's rows").isEqualTo(bystanderRows);
        assertThat(store.list("u/" + userKey(subjectOf(bystander)) + "/"))
                .as("the other user's objects")
                .isEqualTo(bystanderObjects);

        JsonNode details = purged.path("details");
        assertThat(purged.path("actor").path("kind").asString()).isEqualTo("SYSTEM");
        assertThat(details.path("scope").asString()).isEqualTo("withdrawal");
        assertThat(details.path("cause").asString())
                .isEqualTo(withdrawn.json().path("eventId").asString());
        assertThat(details.path("deleted").path("media").asInt()).isEqualTo(7);
        assertThat(details.path("deleted").path("occasions").asInt()).isEqualTo(1);
        assertThat(details.path("deleted").path("batches").asInt()).isEqualTo(3);
        assertThat(details.path("deleted").path("suggestions").asInt()).isPositive();
        // The streaming upload's staged bytes go with the withdrawal or with the purge, whichever comes first.
        List<String> withStaging = new ArrayList<>(before);
        withStaging.add("staging/" + TusUploads.uploadId(large));
        assertThat(details.path("objectKeysSha256").asString())
                .isIn(UserPurge.digest(sorted(before)), UserPurge.digest(sorted(withStaging)));
        assertThat(details.path("objectKeysRoot").asString())
                .isIn(DeletedKeys.of(before).root(), DeletedKeys.of(withStaging).root());
        assertThat(details.path("deleted").path("objects").asInt()).isBetween(before.size(), before.size() + 1);
        assertReceiptVerifies(user.token(), purged);

        Api.Response givenAgain = give(user.token(), "cloud_processing");
        assertThat(givenAgain.status())
                .as("after the purge, consent can be given again")
                .isEqualTo(200);
        assertThat(api.get("/v1/media").token(user.token()).send().json().path("items"))
                .as("starting from zero")
                .isEmpty();
        assertThat(api.get("/v1/me/occasions").token(user.token()).send().json())
                .isEmpty();
    }

    @Test
    void aWithdrawalWhileAnalysesRunLeavesNothingOfTheUser() {
        TusUploads user = readyUser("mid-analysis");
        String subject = subjectOf(user);
        List<byte[]> large = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            large.add(MediaSamples.jpeg(MediaSamples.photo(2400, 1600, 500 + i)));
        }
        user.uploadBatch(large);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM jobs WHERE subject = ? AND state = 'running'",
                                Integer.class,
                                subject)
                        > 0);

        assertThat(withdraw(user.token(), "cloud_processing").status()).isEqualTo(200);
        JsonNode purged = awaitPurgedEntry(user.token());

        // Whatever the analyses that were running wrote (previews, processed rows), nothing of it is left.
        assertThat(store.list("u/" + userKey(subject) + "/")).isEmpty();
        assertNothingOfTheUserIn(subject, KEPT_AFTER_WITHDRAWAL);
        assertThat(purged.path("details").path("deleted").path("media").asInt()).isEqualTo(6);
    }

    @Test
    void aPurgeForgetsTheStoredAnswersButThoseOfConsentDecisions() {
        TusUploads user = readyUser("retrying");
        String subject = subjectOf(user);
        assertThat(api.put(
                                "/v1/me/occasions",
                                List.of(Map.of("label", "Mum", "kind", "birthday", "month", 5, "day", 3)))
                        .token(user.token())
                        .header("Idempotency-Key", "occasions-1")
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.put(
                                "/v1/consent/location_analysis",
                                Map.of("state", "GIVEN", "noticeVersion", currentNotice("location_analysis", "en")))
                        .token(user.token())
                        .header("Idempotency-Key", "give-location-1")
                        .send()
                        .status())
                .isEqualTo(200);

        withdraw(user.token(), "cloud_processing");
        awaitPurgedEntry(user.token());

        // The occasions answer repeats the user's data and goes; a retried "give" must still be replayed, not run.
        assertThat(jdbc.queryForList(
                        "SELECT request_path FROM idempotency_keys WHERE subject = ?", String.class, subject))
                .containsExactly("/v1/consent/location_analysis");
    }

    @Test
    void erasingTheAccountDeletesDevicesTooAndKeepsTheLedgerMarkedErased() {
        TusUploads user = readyUser("erasing");
        user.uploadBatch(photos(2, 30));
        String subject = subjectOf(user);
        await().atMost(Duration.ofSeconds(30)).until(() -> processed(subject) == 2);
        int ledger = ledgerLength(subject);

        Api.Response erased =
                api.request("DELETE", "/v1/me").token(user.token()).send();
        assertThat(erased.status()).as(erased.body()).isEqualTo(202);
        assertThat(erased.json().path("scope").asString()).isEqualTo("account");
        assertThat(erased.json().path("purgeId").asString()).isNotEmpty();
        JsonNode purged = awaitPurgedEntry(user.token());

        assertThat(purged.path("details").path("scope").asString()).isEqualTo("account");
        assertThat(purged.path("details").path("deleted").path("devices").asInt())
                .isEqualTo(1);
        assertNothingOfTheUserIn(subject, KEPT_AFTER_ERASURE);
        assertThat(store.list("u/" + userKey(subject) + "/")).isEmpty();
        JsonNode history =
                api.get("/v1/consent/history").token(user.token()).send().json();
        assertThat(history.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(history.path("items").get(ledger).path("method").asString())
                .as("the withdrawal the erasure made, by the user")
                .isEqualTo("account-erasure");
        assertThat(ledgerLength(subject))
                .as("withdrawal + DATA_PURGED appended, nothing removed")
                .isEqualTo(ledger + 2);
        assertThat(jdbc.queryForObject(
                        "SELECT erased_at IS NOT NULL FROM user_accounts WHERE subject = ?", Boolean.class, subject))
                .isTrue();
        assertReceiptVerifies(user.token(), purged);

        Api.Response again = api.request("DELETE", "/v1/me").token(user.token()).send();
        assertThat(again.status())
                .as("erasing an erased account again is a new, empty purge")
                .isEqualTo(202);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> purgedEntries(user.token()).size() == 2);
        assertThat(purgedEntries(user.token())
                        .get(1)
                        .path("details")
                        .path("deleted")
                        .path("objects")
                        .asInt())
                .isZero();
    }

    // --- helpers ---

    Lifecycle workers() {
        return context.getBean("jobWorkers", Lifecycle.class);
    }

    /** The subject of each test user's token. */
    final Map<String, String> subjects = new java.util.HashMap<>();

    TusUploads readyUser(String name) {
        String subject = newUser(name);
        String token = token(subject);
        subjects.put(token, subject);
        return new TusUploads(api, token).ready(currentNotice("cloud_processing", "en"));
    }

    static List<byte[]> photos(int count, int seed) {
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            photos.add(MediaSamples.exif()
                    .takenAt("2025:06:0" + (1 + seed % 9) + " 10:0" + i + ":00")
                    .gps(47.37, 8.54)
                    .into(MediaSamples.jpeg(MediaSamples.photo(480, 360, seed * 31L + i))));
        }
        return photos;
    }

    String subjectOf(TusUploads uploads) {
        return subjects.get(uploads.token());
    }

    String userKey(String subject) {
        return jdbc.queryForObject("SELECT user_key FROM user_accounts WHERE subject = ?", String.class, subject);
    }

    int processed(String subject) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM media WHERE subject = ? AND state = 'processed'", Integer.class, subject);
    }

    int suggestions(TusUploads user) {
        return api.get("/v1/suggestions")
                .token(user.token())
                .send()
                .json()
                .path("items")
                .size();
    }

    boolean hasQueuedOrRunningJobs(String... subjects) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running') AND subject = ANY (?)",
                        Integer.class,
                        (Object) subjects)
                > 0;
    }

    int queuedJobs(String subject) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM jobs WHERE subject = ? AND state = 'queued'", Integer.class, subject);
    }

    JsonNode awaitPurgedEntry(String token) {
        int before = purgedEntries(token).size();
        await("the DATA_PURGED entry")
                .atMost(Duration.ofSeconds(60))
                .until(() -> purgedEntries(token).size() > before
                        || jdbc.queryForObject(
                                                "SELECT count(*) FROM purges WHERE finished_at IS NULL AND subject = ?",
                                                Integer.class,
                                                subjects.get(token))
                                        == 0
                                && !purgedEntries(token).isEmpty());
        List<JsonNode> entries = purgedEntries(token);
        return entries.get(entries.size() - 1);
    }

    List<JsonNode> purgedEntries(String token) {
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
        return entries;
    }

    /** Every table with a subject column, counted for this subject; all but {@code kept} must be empty. */
    void assertNothingOfTheUserIn(String subject, List<String> kept) {
        assertNothingOfTheUserIn(jdbc, subject, kept);
    }

    static void assertNothingOfTheUserIn(JdbcTemplate jdbc, String subject, List<String> kept) {
        // The DATA_PURGED entry joins the transparency log within a second of the purge (and an erasure's salt goes
        // then).
        org.awaitility.Awaitility.await("the purge's entry in the transparency log")
                .atMost(java.time.Duration.ofSeconds(15))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM transparency_pending WHERE subject = ?", Integer.class, subject)
                        == 0);
        org.awaitility.Awaitility.await("forgotten by the transparency log")
                .atMost(java.time.Duration.ofSeconds(15))
                .until(() -> kept.contains("transparency_salts")
                        || jdbc.queryForObject(
                                        "SELECT count(*) FROM transparency_salts WHERE subject = ?",
                                        Integer.class,
                                        subject)
                                == 0);
        Map<String, Integer> rows = rowsOf(jdbc, subject);
        rows.keySet().removeAll(kept);
        assertThat(rows)
                .as("rows of the user left after the purge")
                .allSatisfy((table, n) -> assertThat(n).isZero());
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM batch_items i WHERE NOT EXISTS (SELECT 1 FROM batches b WHERE b.batch_id = i.batch_id)
                """, Integer.class))
                .as("manifest lines without their batch")
                .isZero();
    }

    Map<String, Integer> rowsOf(String subject) {
        return rowsOf(jdbc, subject);
    }

    static Map<String, Integer> rowsOf(JdbcTemplate jdbc, String subject) {
        Map<String, Integer> rows = new java.util.TreeMap<>();
        for (String table : jdbc.queryForList("""
                SELECT table_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND column_name = 'subject'
                """, String.class)) {
            rows.put(
                    table,
                    jdbc.queryForObject(
                            "SELECT count(*) FROM " + table + " WHERE subject = ?", Integer.class, subject));
        }
        return rows;
    }

    void assertReceiptVerifies(String token, JsonNode entry) {
        try {
            Api.Response receipt = api.get(
                            "/v1/consent/receipts/" + entry.path("eventId").asString())
                    .token(token)
                    .send();
            JWSObject jws = JWSObject.parse(receipt.json().path("jws").asString());
            JWKSet keys = JWKSet.parse(
                    api.get("/v1/consent/receipts/jwks.json").send().body());
            assertThat(jws.verify(new ECDSAVerifier(
                            keys.getKeyByKeyId(jws.getHeader().getKeyID()).toECKey())))
                    .isTrue();
            Map<String, Object> payload = jws.getPayload().toJSONObject();
            assertThat(payload)
                    .containsEntry("type", "DATA_PURGED")
                    .containsEntry("hash", entry.path("hash").asString());
            assertThat(((Map<?, ?>) payload.get("details")).get("objectKeysSha256"))
                    .isEqualTo(entry.path("details").path("objectKeysSha256").asString());
            assertThat(((Map<?, ?>) payload.get("details")).get("objectKeysRoot"))
                    .as("the receipt signs the keys' root")
                    .isEqualTo(entry.path("details").path("objectKeysRoot").asString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static List<String> sorted(List<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        return sorted;
    }

    /** A PATCH whose body sends {@code first} bytes, then waits until {@link #finish} before it sends the rest. */
    Streaming stream(TusUploads user, TusUploads.Announced upload, int first) {
        CountDownLatch go = new CountDownLatch(1);
        byte[] content = upload.content();
        InputStream body = new InputStream() {
            int position;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (position == first) {
                    try {
                        go.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                if (position >= content.length) {
                    return -1;
                }
                int n = Math.min(length, (position < first ? first : content.length) - position);
                System.arraycopy(content, position, buffer, offset, n);
                position += n;
                return n;
            }
        };
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + upload.path()))
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> body))
                .header("Authorization", "Bearer " + user.token())
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", "0")
                .header("Content-Type", "application/offset+octet-stream")
                .build();
        CompletableFuture<HttpResponse<String>> response =
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        return new Streaming(go, response, TusUploads.uploadId(upload));
    }

    record Streaming(CountDownLatch go, CompletableFuture<HttpResponse<String>> response, String uploadId) {

        boolean staged(org.springframework.jdbc.core.JdbcTemplate jdbc) {
            return jdbc.queryForObject(
                    "SELECT staging IS NOT NULL FROM uploads WHERE upload_id = ?::uuid", Boolean.class, uploadId);
        }

        void finish() {
            go.countDown();
        }

        int status() throws Exception {
            try {
                return response.get(30, TimeUnit.SECONDS).statusCode();
            } catch (java.util.concurrent.ExecutionException e) {
                return 403; // the service ended the request before reading the whole body: refused all the same
            }
        }
    }
}
