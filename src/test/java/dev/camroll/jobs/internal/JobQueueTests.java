package dev.camroll.jobs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobState;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.IllegalTransactionStateException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Enqueueing and cancelling happen in the caller's transaction: what the caller commits is what the queue holds. */
class JobQueueTests extends JobsTest {

    @Test
    void aJobEnqueuedInATransactionThatRollsBackIsNeitherQueuedNorRun() {
        UUID rolledBack = tx().execute(status -> {
            UUID id = queue.enqueue(TestHandlers.RECORD, Subject.of(newUser("undone")), "{\"media\":1}");
            status.setRollbackOnly();
            return id;
        });
        UUID committed = enqueued(TestHandlers.RECORD, newUser("done"));

        awaitState(committed, JobState.DONE);
        assertThat(row(rolledBack)).isNull();
        assertThat(attempts.count(rolledBack)).isZero();
    }

    @Test
    void aCommittedJobRunsOnceAndIsDone() {
        String user = newUser("uploader");

        UUID id = enqueued(TestHandlers.RECORD, user);

        Row done = awaitState(id, JobState.DONE);
        assertThat(attempts.count(id)).isEqualTo(1);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.subject()).isEqualTo(user);
        assertThat(done.finishedAt()).isNotNull();
        assertThat(done.lastError()).isNull();
    }

    @Test
    void enqueueingAndCancellingNeedTheCallersTransaction() {
        assertThatThrownBy(() -> queue.enqueue(TestHandlers.RECORD, null, "{}"))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThatThrownBy(() -> queue.cancelFor(Subject.of(newUser("anyone"))))
                .isInstanceOf(IllegalTransactionStateException.class);
    }

    @Test
    void aPayloadIsJsonAndATypeIsASlug() {
        assertThatThrownBy(() -> tx().execute(status -> queue.enqueue(TestHandlers.RECORD, null, "media 17")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON");
        assertThatThrownBy(() -> tx().execute(status -> queue.enqueue(TestHandlers.RECORD, null, "{} {}")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tx().execute(status -> queue.enqueue("Analyze Media", null, "{}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDedupeKeyKeepsAtMostOneQueuedJobPerTypeAndKey() {
        String type = TestHandlers.unhandledType();
        String otherType = TestHandlers.unhandledType();
        String user = newUser("batcher");
        JobOptions perUser = JobOptions.defaults().withDedupeKey(user);

        UUID first = enqueued(type, user, perUser.withDelay(Duration.ofHours(1)));
        UUID again = enqueued(type, user, perUser);
        UUID otherKey = enqueued(type, user, JobOptions.defaults().withDedupeKey(user + "-other"));
        UUID sameKeyOtherType = enqueued(otherType, user, perUser);

        assertThat(again).as("the waiting job stands for the second enqueue").isEqualTo(first);
        assertThat(row(first).runAt())
                .as("and runs as early as the second asked")
                .isBefore(Instant.now().plus(Duration.ofMinutes(1)));
        assertThat(List.of(otherKey, sameKeyOtherType)).doesNotContain(first);
        assertThat(queue.countByState(JobKind.of(type, JobKind.NoPayload.class)).get(JobState.QUEUED))
                .isEqualTo(2);

        // Once the waiting job is claimed it may have read older state, so a new one is queued beside it.
        assertThat(jobs.claim("test-worker", List.of(type), 10, Duration.ofMinutes(5)))
                .extracting(Job::id)
                .containsExactlyInAnyOrder(first, otherKey);
        UUID afterClaim = enqueued(type, user, perUser);
        assertThat(afterClaim).isNotEqualTo(first);
        assertThat(row(first).state()).isEqualTo(JobState.RUNNING);
        assertThat(row(afterClaim).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void cancelForCancelsOnlyThatSubjectsQueuedJobs() {
        String type = TestHandlers.unhandledType();
        String withdrawing = newUser("withdrawing");
        String staying = newUser("staying");
        UUID running = enqueued(type, withdrawing);
        assertThat(jobs.claim("test-worker", List.of(type), 1, Duration.ofMinutes(5)))
                .extracting(Job::id)
                .containsExactly(running);
        UUID queued = enqueued(type, withdrawing);
        UUID later = enqueued(type, withdrawing, JobOptions.defaults().withDelay(Duration.ofHours(1)));
        UUID othersJob = enqueued(type, staying);

        Integer cancelled = tx().execute(status -> queue.cancelFor(Subject.of(withdrawing)));

        assertThat(cancelled).isEqualTo(2);
        assertThat(row(queued).state()).isEqualTo(JobState.CANCELLED);
        assertThat(row(later).state()).isEqualTo(JobState.CANCELLED);
        assertThat(row(queued).finishedAt()).isNotNull();
        assertThat(row(running).state()).as("a running job is not interrupted").isEqualTo(JobState.RUNNING);
        assertThat(row(othersJob).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aCancellationThatRollsBackCancelsNothing() {
        String type = TestHandlers.unhandledType();
        String user = newUser("changed-mind");
        UUID id = enqueued(type, user);

        tx().executeWithoutResult(status -> {
            assertThat(queue.cancelFor(Subject.of(user))).isEqualTo(1);
            status.setRollbackOnly();
        });

        assertThat(row(id).state()).isEqualTo(JobState.QUEUED);
    }
}
