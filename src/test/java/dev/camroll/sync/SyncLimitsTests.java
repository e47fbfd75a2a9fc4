package dev.camroll.sync;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.jobs.JobQueue;
import dev.camroll.jobs.JobState;
import dev.camroll.media.MediaJobs;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static dev.camroll.sync.Manifests.photo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-user quota, the size limits and the caps where a user's data accumulates (manifests per day, devices, line
 * fields), with small limits so a few requests reach them. The hostile client gets its problem and leaves no row.
 */
@TestPropertySource(
        properties = {
            "camroll.sync.quota=3MB",
            "camroll.upload.max-file-size=2MB",
            "camroll.sync.max-bytes-per-batch=2560KB",
            "camroll.sync.max-items-per-batch=3",
            "camroll.sync.max-batches-per-day=3",
            "camroll.sync.max-devices=2",
            // No worker runs here, so the analysis queue stays as the busy test fills it.
            "camroll.sync.busy-queue-depth=500",
            "camroll.jobs.enabled=false"
        })
class SyncLimitsTests extends EndToEndTest {

    static final long MB = 1024 * 1024;

    @Test
    void openUploadsCountAgainstTheQuotaAndTheFullQuotaStopsSync() {
        String token = readyToSync(newUser("collector"));
        JsonNode first = post(token, Manifests.of(photo("big").size(2 * MB))).json();

        JsonNode second = post(
                        token,
                        Manifests.of(
                                photo("too-much").size(MB + 1), photo("fits").size(MB)))
                .json();
        JsonNode policy = api.get("/v1/sync/policy").token(token).send().json();

        assertThat(first.path("items").get(0).path("disposition").asString()).isEqualTo("upload");
        assertThat(second.path("items").get(0).path("disposition").asString()).isEqualTo("rejected");
        assertThat(second.path("items").get(0).path("problem").path("type").asString())
                .endsWith("/quota-exceeded");
        assertThat(second.path("items").get(1).path("disposition").asString()).isEqualTo("upload");
        assertThat(policy.path("syncAllowed").asBoolean()).isFalse();
        assertThat(policy.path("reason").asString()).isEqualTo("quota-exceeded");
    }

    @Test
    void aFileOverTheMaximumIsRejected() {
        String token = readyToSync(newUser("photographer"));

        JsonNode batch =
                post(token, Manifests.of(photo("raw").size(2 * MB + 1))).json();

        assertThat(batch.path("items").get(0).path("problem").path("type").asString())
                .endsWith("/file-too-large");
        assertThat(batch.path("policy").path("maxFileBytes").asLong()).isEqualTo(2 * MB);
    }

    @Test
    void aManifestOverTheBatchLimitsIsInvalid() {
        String user = newUser("bulk");
        String token = readyToSync(user);

        Api.Response tooManyBytes = post(
                token, Manifests.of(photo("a").size(1536 * 1024), photo("b").size(1536 * 1024)));
        Api.Response tooManyItems = post(token, Manifests.of(photo("a"), photo("b"), photo("c"), photo("d")));

        assertThat(tooManyBytes.status()).isEqualTo(400);
        assertThat(tooManyBytes.json().path("field").asString()).isEqualTo("items");
        assertThat(tooManyItems.status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM uploads WHERE subject = ?", Integer.class, user))
                .isZero();
    }

    @Autowired
    SyncSettings syncSettings;

    @Autowired
    JobQueue jobs;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aLongQueueOfAnalysesHoldsNewManifestsOff() {
        String token = readyToSync(newUser("patient"));
        long queued = jobs.countByState(MediaJobs.ANALYZE_MEDIA).getOrDefault(JobState.QUEUED, 0L);
        long missing = syncSettings.busyQueueDepth() - queued;
        assertThat(missing).as("test depth set above what other tests queue").isPositive();
        try {
            transaction.executeWithoutResult(tx -> {
                for (long i = 0; i < missing; i++) {
                    jobs.enqueue(
                            MediaJobs.ANALYZE_MEDIA,
                            Subject.of("busy-test"),
                            new MediaJobs.AnalyzeMedia(UUID.randomUUID()));
                }
            });
            JsonNode policy = api.get("/v1/sync/policy").token(token).send().json();
            Api.Response refused = post(token, Manifests.of(photo("later")));

            assertThat(policy.path("syncAllowed").asBoolean()).isFalse();
            assertThat(policy.path("reason").asString()).isEqualTo("server-busy");
            assertThat(policy.path("retryAfterSeconds").asLong()).isEqualTo(300);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("300");
        } finally {
            transaction.executeWithoutResult(tx -> jobs.cancelFor(Subject.of("busy-test")));
        }
        assertThat(api.get("/v1/sync/policy")
                        .token(token)
                        .send()
                        .json()
                        .path("syncAllowed")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void aClientSendingManifestsInALoopIsRateLimitedUntilTheOldestIsADayOld() {
        String user = newUser("looper");
        String token = readyToSync(user);
        for (int i = 0; i < 3; i++) {
            assertThat(post(token, Manifests.of(photo("IMG_" + i))).status()).isEqualTo(201);
        }
        int uploads = count("SELECT count(*) FROM uploads WHERE subject = ?", user);

        Api.Response refused = post(token, Manifests.of(photo("IMG_3"), photo("IMG_4")));
        JsonNode policy = api.get("/v1/sync/policy").token(token).send().json();

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.problem()).isEqualTo("rate-limited");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(86_000L, 86_400L);
        assertThat(count("SELECT count(*) FROM batches WHERE subject = ?", user))
                .isEqualTo(3);
        assertThat(count(
                        "SELECT count(*) FROM batch_items i JOIN batches b USING (batch_id) WHERE b.subject = ?", user))
                .isEqualTo(3);
        assertThat(count("SELECT count(*) FROM uploads WHERE subject = ?", user))
                .isEqualTo(uploads);
        assertThat(policy.path("syncAllowed").asBoolean()).isFalse();
        assertThat(policy.path("reason").asString()).isEqualTo("rate-limited");
        assertThat(policy.path("retryAfterSeconds").asLong()).isBetween(86_000L, 86_400L);

        // A day later the oldest leaves the window: one more fits, and only one.
        jdbc.update(
                "UPDATE batches SET created_at = created_at - interval '25 hours' WHERE batch_id = "
                        + "(SELECT batch_id FROM batches WHERE subject = ? ORDER BY created_at LIMIT 1)",
                user);
        assertThat(api.get("/v1/sync/policy")
                        .token(token)
                        .send()
                        .json()
                        .path("syncAllowed")
                        .asBoolean())
                .isTrue();
        assertThat(post(token, Manifests.of(photo("IMG_3"))).status()).isEqualTo(201);
        assertThat(post(token, Manifests.of(photo("IMG_4"))).status()).isEqualTo(429);
    }

    @Test
    void aClientRegisteringDevicesWithoutEndIsRefusedBeyondTheCapButKnownAndIdleDevicesDoNotCount() {
        String user = newUser("device-farm");
        String token = readyToSync(user); // "phone"
        assertThat(api.put("/v1/devices/tablet", SyncApiTests.IPHONE)
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(201);

        Api.Response third =
                api.put("/v1/devices/laptop", SyncApiTests.IPHONE).token(token).send();

        assertThat(third.status()).isEqualTo(409);
        assertThat(third.problem()).isEqualTo("too-many-devices");
        assertThat(third.json().path("maxDevices").asInt()).isEqualTo(2);
        assertThat(count("SELECT count(*) FROM devices WHERE subject = ?", user))
                .isEqualTo(2);
        assertThat(api.get("/v1/devices/laptop").token(token).send().status()).isEqualTo(404);
        assertThat(api.put("/v1/devices/phone", SyncApiTests.IPHONE)
                        .token(token)
                        .send()
                        .status())
                .as("a known device is always updated")
                .isEqualTo(200);

        jdbc.update(
                "UPDATE devices SET updated_at = now() - interval '91 days', last_sync_at = NULL "
                        + "WHERE subject = ? AND device_id = 'tablet'",
                user);
        assertThat(api.put("/v1/devices/laptop", SyncApiTests.IPHONE)
                        .token(token)
                        .send()
                        .status())
                .as("the tablet idled for 91 days")
                .isEqualTo(201);
    }

    @Test
    void emptyFilesAndOverlongLineFieldsAreInvalidNamedAndStoreNothing() {
        String user = newUser("junk");
        String token = readyToSync(user);
        String tenKilobytes = "x".repeat(10_240);

        Map<String, Api.Response> answers = new LinkedHashMap<>();
        answers.put(
                "items[1].size",
                post(token, Manifests.of(photo("fine"), photo("empty").size(0))));
        answers.put("items[0].clientAssetId", post(token, Manifests.of(photo(tenKilobytes))));
        answers.put("items[0].mimeType", post(token, Manifests.of(photo("a").type("image/" + tenKilobytes))));
        answers.put("items[0].pairedWith", post(token, Manifests.of(photo("a").set("pairedWith", tenKilobytes))));

        answers.forEach((field, answer) -> {
            assertThat(answer.status()).as(field).isEqualTo(400);
            assertThat(answer.problem()).as(field).isEqualTo("invalid-request");
            assertThat(answer.json().path("field").asString()).isEqualTo(field);
            assertThat(answer.body()).as("the answer does not echo the junk").doesNotContain(tenKilobytes);
        });
        assertThat(count("SELECT count(*) FROM batches WHERE subject = ?", user))
                .isZero();
        assertThat(count("SELECT count(*) FROM uploads WHERE subject = ?", user))
                .isZero();
    }

    @Test
    void rejectedLinesAreAnsweredButNotKeptAndTheStatusCountsThem() {
        String user = newUser("rejects");
        String token = readyToSync(user);

        JsonNode mixed = post(
                        token,
                        Manifests.of(
                                photo("ok"),
                                photo("x.bmp").type("image/bmp"),
                                photo("raw").size(2 * MB + 1)))
                .json();
        JsonNode allRejected =
                post(token, Manifests.of(photo("y.bmp").type("image/bmp"))).json();

        assertThat(mixed.path("items").get(1).path("disposition").asString()).isEqualTo("rejected");
        assertThat(mixed.path("items").get(1).path("problem").path("type").asString())
                .endsWith("/unsupported-media-type");
        assertThat(mixed.path("items").get(2).path("problem").path("type").asString())
                .endsWith("/file-too-large");
        assertThat(count(
                        "SELECT count(*) FROM batch_items i JOIN batches b USING (batch_id) WHERE b.subject = ?", user))
                .as("only the accepted line is a row")
                .isEqualTo(1);
        JsonNode status = api.get(
                        "/v1/devices/phone/batches/" + mixed.path("batchId").asString())
                .token(token)
                .send()
                .json();
        assertThat(status.path("items")).hasSize(1);
        assertThat(status.path("items").get(0).path("clientAssetId").asString()).isEqualTo("ok");
        assertThat(status.path("rejectedItems").asInt()).isEqualTo(2);
        JsonNode nothing = api.get("/v1/devices/phone/batches/"
                        + allRejected.path("batchId").asString())
                .token(token)
                .send()
                .json();
        assertThat(nothing.path("items")).isEmpty();
        assertThat(nothing.path("rejectedItems").asInt()).isEqualTo(1);
        assertThat(nothing.path("state").asString()).isEqualTo("complete");
    }

    private int count(String sql, String user) {
        return jdbc.queryForObject(sql, Integer.class, user);
    }

    private Api.Response post(String token, Object manifest) {
        return api.post("/v1/devices/phone/batches", manifest).token(token).send();
    }

    private String readyToSync(String user) {
        String token = token(user);
        give(token, "cloud_processing");
        api.put("/v1/devices/phone", SyncApiTests.IPHONE).token(token).send();
        return token;
    }
}
