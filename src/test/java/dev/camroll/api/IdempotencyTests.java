package dev.camroll.api;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTests extends EndToEndTest {

    @Test
    void theSameKeyAndBodyReplayTheFirstAnswer() {
        String user = newUser("retrier");
        String token = token(user);
        Map<String, String> body = Map.of("state", "GIVEN", "noticeVersion", currentNotice("cloud_processing", "en"));
        Api.Response first = api.put("/v1/consent/cloud_processing", body).token(token).header("Idempotency-Key", "k-1").send();
        withdraw(token, "cloud_processing");

        Api.Response replay = api.put("/v1/consent/cloud_processing", body).token(token).header("Idempotency-Key", "k-1").send();

        assertThat(replay.status()).isEqualTo(first.status()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(ledgerSize(user)).as("the replay gave nothing again").isEqualTo(2);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String user = newUser("confused");
        String token = token(user);
        give(token, "cloud_processing");
        api.put("/v1/consent/location_analysis", Map.of("state", "WITHDRAWN")).token(token).header("Idempotency-Key", "k-2").send();

        Api.Response reused = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN")).token(token)
            .header("Idempotency-Key", "k-2").send();

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.problem()).isEqualTo("idempotency-key-reused");
        assertThat(ledgerSize(user)).isEqualTo(2);
    }

    @Test
    void keysBelongToTheirSubject() {
        String a = newUser("a");
        String b = newUser("b");

        Api.Response forA = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN")).token(token(a))
            .header("Idempotency-Key", "shared-key").send();
        Api.Response forB = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN")).token(token(b))
            .header("Idempotency-Key", "shared-key").send();

        assertThat(forB.header("Idempotent-Replayed")).isNull();
        assertThat(forB.json().path("eventId").asString()).isNotEqualTo(forA.json().path("eventId").asString());
        assertThat(ledgerSize(b)).isEqualTo(1);
    }

    @Test
    void aRefusedRequestIsReplayedAsRefused() {
        String user = newUser("refused");
        String token = token(user);

        Api.Response first = give(token, "location_analysis");
        give(token, "cloud_processing");
        Api.Response again = api.put("/v1/consent/location_analysis",
                Map.of("state", "GIVEN", "noticeVersion", currentNotice("location_analysis", "en"))).token(token).send();

        assertThat(first.status()).isEqualTo(409);
        assertThat(again.status()).as("without a key the request runs again").isEqualTo(200);
    }

    @Test
    void anOverlongOrEmptyKeyIsInvalid() {
        String user = newUser("long-key");

        Api.Response overlong = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN")).token(token(user))
            .header("Idempotency-Key", "k".repeat(256)).send();

        assertThat(overlong.status()).isEqualTo(400);
        assertThat(overlong.problem()).isEqualTo("invalid-request");
        assertThat(overlong.json().path("field").asString()).isEqualTo("Idempotency-Key");
        assertThat(ledgerSize(user)).isZero();
    }
}
