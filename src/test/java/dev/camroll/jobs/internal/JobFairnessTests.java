package dev.camroll.jobs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobSettings;
import dev.camroll.jobs.JobState;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One user's backlog does not starve the others: users take turns at the queue ({@code fair_at}), so another user's
 * single job waits behind at most a few of a long backlog, not behind all of it.
 */
class JobFairnessTests extends JobsTest {

    static final Duration LEASE = Duration.ofMinutes(5);

    @Autowired
    JobSettings settings;

    /**
     * The backlog of the hostile user. Queued in one transaction, with the enqueue's own statement sent as a JDBC
     * batch ({@link Jobs#ENQUEUE}, each row taking its turn after the one before): fast enough that the workers face
     * all of it at once, as after a large sync.
     */
    static final int BACKLOG = 10_000;

    /**
     * The bound: the other user's job starts before more than two claim rounds of the backlog's jobs (one round may
     * have been in flight when it committed) have started after it. In arrival order it would wait for thousands.
     */
    static final int MOST_JOBS_AHEAD = 8;

    @Test
    void anotherUsersSinglePhotoIsClaimedWithinAFewJobsOfAUsersBacklogOfThousands() {
        String hoarder = newUser("hoarder");
        List<UUID> backlog = new ArrayList<>();
        List<Object[]> rows = new ArrayList<>();
        double step = settings.fairnessStep().toNanos() / 1e9;
        for (int i = 0; i < BACKLOG; i++) {
            UUID id = Ids.newId();
            backlog.add(id);
            rows.add(new Object[] {
                id, TestHandlers.BUSY, hoarder, "{\"n\":" + i + "}", 5, hoarder, step, null, false, null, 0.0
            });
        }
        long enqueueStart = System.nanoTime();
        tx().executeWithoutResult(status -> jdbc.batchUpdate(Jobs.ENQUEUE.replace("RETURNING id", ""), rows));
        long enqueueMillis = (System.nanoTime() - enqueueStart) / 1_000_000;
        try {
            // The workers are deep in the backlog before the other user's photo arrives.
            await().atMost(PATIENCE).until(() -> started(backlog) >= 100);
            UUID single = enqueued(TestHandlers.BUSY, newUser("one-photo"));
            long committed = System.nanoTime();

            awaitState(single, JobState.DONE);
            long startedAt = attempts.startTimes(single).get(0);
            long ahead = backlog.stream()
                    .flatMap(id -> attempts.startTimes(id).stream())
                    .filter(start -> start > committed && start < startedAt)
                    .count();
            long left = jdbc.queryForObject(
                    "SELECT count(*) FROM jobs WHERE subject = ? AND state = 'queued'", Long.class, hoarder);
            System.out.printf(
                    "Fairness: %d jobs enqueued in %d ms; the single job started %d ms after its commit, "
                            + "%d of the backlog's jobs started in between, %d still waited%n",
                    BACKLOG, enqueueMillis, (startedAt - committed) / 1_000_000, ahead, left);

            assertThat(ahead)
                    .as("backlog jobs started between the single job's commit and its start")
                    .isLessThanOrEqualTo(MOST_JOBS_AHEAD);
            assertThat(left)
                    .as("the backlog was still there: it was passed, not drained")
                    .isGreaterThan(BACKLOG / 2);
        } finally {
            tx().executeWithoutResult(status -> queue.cancelFor(Subject.of(hoarder)));
        }
    }

    @Test
    void usersTakeTurnsWhateverTheirBacklogAndEachUsersJobsKeepTheirOrder() {
        String type = TestHandlers.unhandledType();
        String hoarder = newUser("hoarder");
        String single = newUser("single");
        String pair = newUser("pair");
        List<UUID> hoarded = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            hoarded.add(enqueued(type, hoarder));
        }
        UUID alone = enqueued(type, single);
        UUID firstOfPair = enqueued(type, pair);
        UUID secondOfPair = enqueued(type, pair);

        List<UUID> claimed = claimOneByOne(type, hoarded.size() + 3);

        List<UUID> expected =
                new ArrayList<>(List.of(hoarded.get(0), alone, firstOfPair, hoarded.get(1), secondOfPair));
        expected.addAll(hoarded.subList(2, hoarded.size()));
        assertThat(claimed)
                .as("first jobs of every user, then second ones, ...; a user's jobs in queue order")
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aJobWithoutSubjectIsNotHeldBackByAUsersBacklog() {
        String type = TestHandlers.unhandledType();
        List<UUID> hoarded = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            hoarded.add(enqueued(type, "hoarder-" + type));
        }
        UUID nobodys = enqueued(type, null);

        assertThat(claimOneByOne(type, 2)).containsExactly(hoarded.get(0), nobodys);
    }

    @Test
    void aDelayedJobDoesNotPushItsUsersLaterJobsBack() {
        String type = TestHandlers.unhandledType();
        String user = newUser("rebuilding");
        String other = newUser("other");
        UUID later = enqueued(type, user, JobOptions.defaults().withDelay(Duration.ofHours(1)));
        UUID othersFirst = enqueued(type, other);
        UUID othersSecond = enqueued(type, other);
        UUID now = enqueued(type, user);

        assertThat(claimOneByOne(type, 4))
                .as("the delayed job is not due; the user's next job has the first turn")
                .containsExactly(othersFirst, now, othersSecond);
        assertThat(row(later).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aJobThatFailedKeepsItsTurnWhenItIsDueAgain() {
        String type = TestHandlers.unhandledType();
        String user = newUser("unlucky");
        UUID flaky = enqueued(type, user);
        Job attempt = jobs.claim("test-worker", List.of(type), 1, LEASE).get(0);
        List<UUID> others = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            others.add(enqueued(type, newUser("other")));
        }

        assertThat(jobs.retry(attempt, "test-worker", "store unavailable", Duration.ZERO, false))
                .isTrue();

        assertThat(claimOneByOne(type, 4)).containsExactly(flaky, others.get(0), others.get(1), others.get(2));
    }

    private List<UUID> claimOneByOne(String type, int claims) {
        List<UUID> claimed = new ArrayList<>();
        for (int i = 0; i < claims; i++) {
            claimed.addAll(jobs.claim("test-worker", List.of(type), 1, LEASE).stream()
                    .map(Job::id)
                    .toList());
        }
        return claimed;
    }

    private long started(List<UUID> ids) {
        return ids.stream().filter(id -> attempts.count(id) > 0).count();
    }
}
