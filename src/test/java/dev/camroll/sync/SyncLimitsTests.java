package dev.camroll.sync;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;

import dev.camroll.jobs.JobQueue;
import dev.camroll.jobs.JobState;
import dev.camroll.media.MediaLibrary;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static dev.camroll.sync.Manifests.photo;
import static org.assertj.core.api.Assertions.assertThat;

/** The per-user quota and the size limits, with small limits so a few lines reach them. */
@TestPropertySource(properties = {"camroll.sync.quota=3MB", "camroll.upload.max-file-size=2MB",
        "camroll.sync.max-bytes-per-batch=2560KB", "camroll.sync.max-items-per-batch=3",
        // No worker runs here, so the analysis queue stays as the busy test fills it.
        "camroll.sync.busy-queue-depth=500", "camroll.jobs.enabled=false"})
class SyncLimitsTests extends EndToEndTest {

    static final long MB = 1024 * 1024;

    @Test
    void openUploadsCountAgainstTheQuotaAndTheFullQuotaStopsSync() {
        String token = readyToSync(newUser("collector"));
        JsonNode first = post(token, Manifests.of(photo("big").size(2 * MB))).json();

        JsonNode second = post(token, Manifests.of(photo("too-much").size(MB + 1), photo("fits").size(MB))).json();
        JsonNode policy = api.get("/v1/sync/policy").token(token).send().json();

        assertThat(first.path("items").get(0).path("disposition").asString()).isEqualTo("upload");
        assertThat(second.path("items").get(0).path("disposition").asString()).isEqualTo("rejected");
        assertThat(second.path("items").get(0).path("problem").path("type").asString()).endsWith("/quota-exceeded");
        assertThat(second.path("items").get(1).path("disposition").asString()).isEqualTo("upload");
        assertThat(policy.path("syncAllowed").asBoolean()).isFalse();
        assertThat(policy.path("reason").asString()).isEqualTo("quota-exceeded");
    }

    @Test
    void aFileOverTheMaximumIsRejected() {
        String token = readyToSync(newUser("photographer"));

        JsonNode batch = post(token, Manifests.of(photo("raw").size(2 * MB + 1))).json();

        assertThat(batch.path("items").get(0).path("problem").path("type").asString()).endsWith("/file-too-large");
        assertThat(batch.path("policy").path("maxFileBytes").asLong()).isEqualTo(2 * MB);
    }

    @Test
    void aManifestOverTheBatchLimitsIsInvalid() {
        String user = newUser("bulk");
        String token = readyToSync(user);

        Api.Response tooManyBytes = post(token, Manifests.of(photo("a").size(1536 * 1024), photo("b").size(1536 * 1024)));
        Api.Response tooManyItems = post(token, Manifests.of(photo("a"), photo("b"), photo("c"), photo("d")));

        assertThat(tooManyBytes.status()).isEqualTo(400);
        assertThat(tooManyBytes.json().path("field").asString()).isEqualTo("items");
        assertThat(tooManyItems.status()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM uploads WHERE subject = ?", Integer.class, user)).isZero();
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
        long queued = jobs.countByState(MediaLibrary.ANALYZE_MEDIA).getOrDefault(JobState.QUEUED, 0L);
        long missing = syncSettings.busyQueueDepth() - queued;
        assertThat(missing).as("test depth set above what other tests queue").isPositive();
        try {
            transaction.executeWithoutResult(tx -> {
                for (long i = 0; i < missing; i++) {
                    jobs.enqueue(MediaLibrary.ANALYZE_MEDIA, "busy-test", "{}");
                }
            });
            JsonNode policy = api.get("/v1/sync/policy").token(token).send().json();
            Api.Response refused = post(token, Manifests.of(photo("later")));

            assertThat(policy.path("syncAllowed").asBoolean()).isFalse();
            assertThat(policy.path("reason").asString()).isEqualTo("server-busy");
            assertThat(policy.path("retryAfterSeconds").asLong()).isEqualTo(300);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After")).isEqualTo("300");
        }
        finally {
            transaction.executeWithoutResult(tx -> jobs.cancelFor("busy-test"));
        }
        assertThat(api.get("/v1/sync/policy").token(token).send().json().path("syncAllowed").asBoolean()).isTrue();
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
