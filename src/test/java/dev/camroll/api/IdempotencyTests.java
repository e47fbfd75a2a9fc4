package dev.camroll.api;

import java.util.Map;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTests extends EndToEndTest {

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswer() {
        String user = newUser("retrier");
        String token = token(user);
        Map<String, String> body = Map.of("state", "GIVEN", "noticeVersion", currentNotice("cloud_processing", "en"));
        Api.Response first = api.put("/v1/consent/cloud_processing", body)
                .token(token)
                .header("Idempotency-Key", "k-1")
                .send();
        withdraw(token, "cloud_processing");
        awaitPurged(user); // the purge forgets stored answers, but not those of consent decisions

        Api.Response replay = api.put("/v1/consent/cloud_processing", body)
                .token(token)
                .header("Idempotency-Key", "k-1")
                .send();

        assertThat(replay.status()).isEqualTo(first.status()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(decisions(user)).as("the replay gave nothing again").isEqualTo(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String user = newUser("confused");
        String token = token(user);
        give(token, "cloud_processing");
        api.put("/v1/consent/location_analysis", Map.of("state", "WITHDRAWN"))
                .token(token)
                .header("Idempotency-Key", "k-2")
                .send();

        Api.Response reused = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN"))
                .token(token)
                .header("Idempotency-Key", "k-2")
                .send();

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problem()).isEqualTo("idempotency-key-reused");
        assertThat(decisions(user)).isEqualTo(2);
    }

    @Test
    void keysBelongToTheirSubject() {
        String a = newUser("a");
        String b = newUser("b");

        Api.Response forA = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN"))
                .token(token(a))
                .header("Idempotency-Key", "shared-key")
                .send();
        Api.Response forB = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN"))
                .token(token(b))
                .header("Idempotency-Key", "shared-key")
                .send();

        assertThat(forB.header("Idempotent-Replayed")).isNull();
        assertThat(forB.json().path("eventId").asString())
                .isNotEqualTo(forA.json().path("eventId").asString());
        assertThat(decisions(b)).isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsReplayedAsRefusedUntilANewKeyIsUsed() {
        String user = newUser("refused");
        String token = token(user);
        Map<String, String> body = Map.of("state", "GIVEN", "noticeVersion", currentNotice("location_analysis", "en"));

        Api.Response first = api.put("/v1/consent/location_analysis", body)
                .token(token)
                .header("Idempotency-Key", "r-1")
                .send();
        give(token, "cloud_processing");
        Api.Response replay = api.put("/v1/consent/location_analysis", body)
                .token(token)
                .header("Idempotency-Key", "r-1")
                .send();
        Api.Response fresh = api.put("/v1/consent/location_analysis", body)
                .token(token)
                .header("Idempotency-Key", "r-2")
                .send();

        assertThat(first.status()).isEqualTo(409);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(fresh.status()).isEqualTo(200);
    }

    @Test
    void aKeyWhoseFirstRequestIsStillRunningIsInUseUntilThatRequestIsGivenUpOn() {
        String user = newUser("impatient");
        String token = token(user);
        Map<String, String> body = Map.of("state", "WITHDRAWN");
        api.put("/v1/consent/original_retention", body)
                .token(token)
                .header("Idempotency-Key", "slow")
                .send();
        // As if the first request were still running: claimed, no answer yet.
        jdbc.update(
                "UPDATE idempotency_keys SET status = NULL, body = NULL WHERE subject = ? AND idempotency_key = 'slow'",
                user);

        Api.Response whileRunning = api.put("/v1/consent/original_retention", body)
                .token(token)
                .header("Idempotency-Key", "slow")
                .send();
        // As if its instance died three minutes ago.
        jdbc.update("UPDATE idempotency_keys SET created_at = now() - interval '3 minutes' WHERE subject = ?", user);
        Api.Response afterTheCrash = api.put("/v1/consent/original_retention", body)
                .token(token)
                .header("Idempotency-Key", "slow")
                .send();

        assertThat(whileRunning.status()).isEqualTo(409);
        assertThat(whileRunning.problem()).isEqualTo("idempotency-key-in-use");
        assertThat(whileRunning.header("Retry-After")).isEqualTo("1");
        assertThat(afterTheCrash.status()).isEqualTo(200);
        assertThat(afterTheCrash.header("Idempotent-Replayed")).isNull();
        assertThat(decisions(user)).as("the retry was a no-op withdrawal").isEqualTo(1);
    }

    @Test
    void aBodyDisguisedAsAnUploadStreamIsNeitherBufferedNorAccepted() {
        String user = newUser("sneaky");

        Api.Response response = api.request("PUT", "/v1/consent/original_retention")
                .token(token(user))
                .header("Idempotency-Key", "k")
                .header("Content-Type", "application/offset+octet-stream; a=b")
                .json("x".repeat(2 * 1024 * 1024))
                .send();

        assertThat(response.status()).isEqualTo(415);
        assertThat(decisions(user)).isZero();
    }

    @Test
    void anOverlongKeyOrOneWithSpacesIsInvalid() {
        String user = newUser("long-key");

        for (String key : new String[] {"k".repeat(256), "two words"}) {
            Api.Response refused = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN"))
                    .token(token(user))
                    .header("Idempotency-Key", key)
                    .send();
            assertThat(refused.status()).as(key).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("invalid-request");
            assertThat(refused.json().path("field").asString()).isEqualTo("Idempotency-Key");
        }
        assertThat(decisions(user)).isZero();
    }
}
