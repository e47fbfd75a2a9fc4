package dev.camroll.sync;

import java.time.Duration;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.media.MediaJobs;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static dev.camroll.sync.Manifests.photo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code server-busy} is about the user's own backlog: a user whose analyses wait in thousands is asked to hold off,
 * another user syncs on (with the default thresholds: the whole service's backstop is far above one user's).
 */
class ServerBusyTests extends EndToEndTest {

    @Autowired
    SyncSettings syncSettings;

    @Autowired
    JobQueue jobs;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aUserWithAHugeBacklogIsToldServerBusyAndAnotherUserIsNot() {
        String hoarder = newUser("hoarder");
        String hoarderToken = readyToSync(hoarder);
        String otherToken = readyToSync(newUser("other"));
        long depth = syncSettings.busyUserQueueDepth();
        assertThat(depth).as("a user's threshold below the service's").isLessThan(syncSettings.busyQueueDepth());
        try {
            // Analyses that wait (not due for an hour, so no worker drains them while the test asks).
            transaction.executeWithoutResult(tx -> {
                for (long i = 0; i < depth; i++) {
                    jobs.enqueue(
                            MediaJobs.ANALYZE_MEDIA,
                            Subject.of(hoarder),
                            new MediaJobs.AnalyzeMedia(UUID.randomUUID()),
                            JobOptions.defaults().withDelay(Duration.ofHours(1)));
                }
            });

            JsonNode hoarderPolicy =
                    api.get("/v1/sync/policy").token(hoarderToken).send().json();
            Api.Response refused = post(hoarderToken, Manifests.of(photo("more")));
            JsonNode otherPolicy =
                    api.get("/v1/sync/policy").token(otherToken).send().json();
            Api.Response accepted = post(otherToken, Manifests.of(photo("mine")));

            assertThat(hoarderPolicy.path("syncAllowed").asBoolean()).isFalse();
            assertThat(hoarderPolicy.path("reason").asString()).isEqualTo("server-busy");
            assertThat(hoarderPolicy.path("retryAfterSeconds").asLong())
                    .isEqualTo(syncSettings.busyRetryAfter().toSeconds());
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.header("Retry-After"))
                    .isEqualTo(String.valueOf(syncSettings.busyRetryAfter().toSeconds()));
            assertThat(refused.json().path("type").asString()).endsWith("/service-unavailable");
            assertThat(refused.json().path("detail").asString()).contains("Your earlier photos");
            assertThat(jdbc.queryForObject("SELECT count(*) FROM uploads WHERE subject = ?", Integer.class, hoarder))
                    .as("the refused manifest reserved nothing")
                    .isZero();

            assertThat(otherPolicy.path("syncAllowed").asBoolean())
                    .as("not refused for another user's backlog")
                    .isTrue();
            assertThat(otherPolicy.path("reason").isNull()).isTrue();
            assertThat(otherPolicy.path("retryAfterSeconds").isNull()).isTrue();
            assertThat(accepted.status()).isEqualTo(201);
            assertThat(accepted.json().path("items").get(0).path("disposition").asString())
                    .isEqualTo("upload");
        } finally {
            transaction.executeWithoutResult(tx -> jobs.cancelFor(Subject.of(hoarder)));
        }
        assertThat(api.get("/v1/sync/policy")
                        .token(hoarderToken)
                        .send()
                        .json()
                        .path("syncAllowed")
                        .asBoolean())
                .as("once the backlog is gone")
                .isTrue();
    }

    @Test
    void oneJobBelowTheThresholdTheUserStillSyncs() {
        String user = newUser("almost");
        String token = readyToSync(user);
        long below = syncSettings.busyUserQueueDepth() - 1;
        try {
            transaction.executeWithoutResult(tx -> {
                for (long i = 0; i < below; i++) {
                    jobs.enqueue(
                            MediaJobs.ANALYZE_MEDIA,
                            Subject.of(user),
                            new MediaJobs.AnalyzeMedia(UUID.randomUUID()),
                            JobOptions.defaults().withDelay(Duration.ofHours(1)));
                }
            });

            assertThat(api.get("/v1/sync/policy")
                            .token(token)
                            .send()
                            .json()
                            .path("syncAllowed")
                            .asBoolean())
                    .isTrue();
            assertThat(post(token, Manifests.of(photo("one-more"))).status()).isEqualTo(201);
        } finally {
            transaction.executeWithoutResult(tx -> jobs.cancelFor(Subject.of(user)));
        }
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
