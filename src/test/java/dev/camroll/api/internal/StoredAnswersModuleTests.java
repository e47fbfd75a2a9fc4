package dev.camroll.api.internal;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import dev.camroll.api.IdempotencyKeys;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API module on its own (with the runtime it needs) against the test PostgreSQL: the stored answers of
 * {@code Idempotency-Key} requests, claimed, completed, replayed, released and forgotten for a purge.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
class StoredAnswersModuleTests {

    @Autowired
    StoredAnswers answers;

    @Autowired
    IdempotencyKeys keys;

    private static String newSubject() {
        return "subject-" + UUID.randomUUID();
    }

    @Test
    void aKeyIsClaimedOnceAndItsAnswerKeptForReplay() {
        String subject = newSubject();

        assertThat(answers.claim(subject, "key-1", "hash-1", "/v1/batches")).isTrue();
        assertThat(answers.claim(subject, "key-1", "hash-1", "/v1/batches"))
                .as("a second request while the first runs")
                .isFalse();
        assertThat(answers.find(subject, "key-1"))
                .get()
                .satisfies(stored -> assertThat(stored.finished()).isFalse());
        assertThat(answers.claim(newSubject(), "key-1", "hash-1", "/v1/batches"))
                .as("another subject's key of the same name")
                .isTrue();

        answers.complete(
                subject,
                "key-1",
                201,
                "application/json",
                "/v1/batches/b-1",
                "{\"id\":\"b-1\"}".getBytes(StandardCharsets.UTF_8));

        StoredAnswers.Stored stored = answers.find(subject, "key-1").orElseThrow();
        assertThat(stored.finished()).isTrue();
        assertThat(stored.status()).isEqualTo(201);
        assertThat(stored.requestHash()).isEqualTo("hash-1");
        assertThat(stored.location()).isEqualTo("/v1/batches/b-1");
        assertThat(stored.body()).asString(StandardCharsets.UTF_8).isEqualTo("{\"id\":\"b-1\"}");
    }

    @Test
    void aReleasedClaimCanBeClaimedAgain() {
        String subject = newSubject();
        answers.claim(subject, "key-1", "hash-1", "/v1/batches");

        answers.release(subject, "key-1");

        assertThat(answers.find(subject, "key-1")).isEmpty();
        assertThat(answers.claim(subject, "key-1", "hash-2", "/v1/batches")).isTrue();
    }

    @Test
    void aPurgeForgetsEveryAnswerOfTheSubjectButThoseToConsentDecisions() {
        String subject = newSubject();
        String other = newSubject();
        answers.claim(subject, "batch", "hash-1", "/v1/batches");
        answers.claim(subject, "upload", "hash-2", "/v1/uploads");
        answers.claim(subject, "give", "hash-3", "/v1/consent/cloud_processing");
        answers.claim(other, "batch", "hash-1", "/v1/batches");

        int forgotten = keys.forgetAllButConsent(subject);

        assertThat(forgotten).isEqualTo(2);
        assertThat(answers.find(subject, "batch")).isEmpty();
        assertThat(answers.find(subject, "upload")).isEmpty();
        assertThat(answers.find(subject, "give"))
                .as("a retried give must still replay")
                .isPresent();
        assertThat(answers.find(other, "batch")).as("another subject's").isPresent();
    }
}
