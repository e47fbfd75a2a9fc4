package dev.camroll.jobs.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import com.zaxxer.hikari.HikariDataSource;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobSettings;
import dev.camroll.jobs.JobState;
import dev.camroll.runtime.EmbeddedPostgresServer;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.testing.Api;
import dev.camroll.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Workers run each job to done or dead: retries with backoff, permanent failures, leases, several instances. */
class JobWorkersTests extends JobsTest {

    @Autowired
    JobWorkers workers;

    @Autowired
    JobSettings settings;

    @Autowired
    LoopSupervisor loops;

    @Test
    void aTransientFailureIsRetriedWithBackoffUntilItSucceeds() {
        UUID id = enqueued(TestHandlers.FLAKY, newUser("patient"));

        Row done = awaitState(id, JobState.DONE);

        assertThat(done.attempts()).isEqualTo(3);
        assertThat(attempts.count(id)).isEqualTo(3);
        assertThat(done.lastError())
                .as("the last failure is kept")
                .isEqualTo("java.lang.IllegalStateException: object store unavailable (attempt 2)");
        List<Long> starts = attempts.startTimes(id);
        Duration leastBackoff = settings.backoffBase().dividedBy(2);
        assertThat(Duration.ofNanos(starts.get(1) - starts.get(0))).isGreaterThanOrEqualTo(leastBackoff);
        assertThat(Duration.ofNanos(starts.get(2) - starts.get(1)))
                .as("doubled after the second failure")
                .isGreaterThanOrEqualTo(leastBackoff.multipliedBy(2));
    }

    @Test
    void aPermanentFailureMakesTheJobDeadAtOnce() {
        UUID id = enqueued(TestHandlers.DOOMED, newUser("broken-file"));

        Row dead = awaitState(id, JobState.DEAD);

        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(attempts.count(id)).isEqualTo(1);
        assertThat(dead.lastError()).isEqualTo("undecodable: not an image");
        assertThat(dead.finishedAt()).isNotNull();
    }

    @Test
    void aJobThatKeepsFailingIsDeadAfterItsLastAttempt() {
        UUID id = enqueued(
                TestHandlers.FAILING, newUser("unlucky"), JobOptions.defaults().withMaxAttempts(3));

        Row dead = awaitState(id, JobState.DEAD);

        assertThat(dead.attempts()).isEqualTo(3);
        assertThat(attempts.count(id)).isEqualTo(3);
        assertThat(dead.lastError()).isEqualTo("java.lang.IllegalStateException: always broken");
    }

    @Test
    void aJobWhoseWorkerCrashedRunsAgainOnceItsLeaseExpiresAndCompletesExactlyOnce() {
        UUID id = crashedWhileRunning(TestHandlers.RECORD, 1, 5);

        Row done = awaitState(id, JobState.DONE);

        assertThat(attempts.count(id)).isEqualTo(1);
        assertThat(done.attempts()).as("the crashed attempt counts").isEqualTo(2);
        assertThat(done.lastError()).isEqualTo("lease expired: crashed-instance did not finish attempt 1");
        assertThat(done.lockedBy()).isEqualTo(workers.workerId());
    }

    @Test
    void aJobWhoseLastAttemptCrashedItsWorkerIsDead() {
        UUID id = crashedWhileRunning(TestHandlers.RECORD, 3, 3);

        Row dead = awaitState(id, JobState.DEAD);

        assertThat(attempts.count(id)).isZero();
        assertThat(dead.lastError()).isEqualTo("lease expired: crashed-instance did not finish attempt 3");
    }

    @Test
    void aSoleWorkerTakesBackWhatAnotherWorkerHoldsWithoutWaitingForItsLease() {
        String type = TestHandlers.unhandledType();
        UUID leftByTheDead = enqueued(type, newUser("dead"));
        jobs.claim("dead-process", List.of(type), 1, Duration.ofMinutes(5));
        UUID ownRunning = enqueued(type, newUser("own"));
        jobs.claim("survivor", List.of(type), 1, Duration.ofMinutes(5));

        jobs.recoverExpiredLeases(Duration.ZERO, Duration.ZERO);
        assertThat(row(leftByTheDead).state())
                .as("with other instances possible, a lease is waited out")
                .isEqualTo(JobState.RUNNING);

        jobs.recoverLeases("survivor", Duration.ZERO, Duration.ZERO);
        Row recovered = row(leftByTheDead);
        assertThat(recovered.state()).isEqualTo(JobState.QUEUED);
        assertThat(recovered.lastError()).isEqualTo("its process ended: dead-process did not finish attempt 1");
        assertThat(row(ownRunning).state()).as("the sole worker's own job").isEqualTo(JobState.RUNNING);
    }

    /**
     * Found by the cluster rig: a killed instance held two running jobs with one dedupe key (a job with a key is queued
     * again while the first runs). Taking both back broke the one-queued-per-key index, the whole statement failed
     * every round, and no lease was taken back any more.
     */
    @Test
    void twoJobsOfADeadWorkerWithOneDedupeKeyAreTakenBackAsOneAndTheOthersToo() {
        String type = TestHandlers.unhandledType();
        JobOptions keyed = JobOptions.defaults().withDedupeKey("suggestion-1");
        UUID first = enqueued(type, newUser("renders"), keyed);
        jobs.claim("dead-process", List.of(type), 1, Duration.ofMinutes(5));
        UUID second = enqueued(type, newUser("renders-again"), keyed);
        UUID unkeyed = enqueued(type, newUser("other"));
        jobs.claim("dead-process", List.of(type), 2, Duration.ofMinutes(5));

        jobs.recoverLeases("survivor", Duration.ZERO, Duration.ZERO);

        assertThat(List.of(row(first).state(), row(second).state()))
                .containsExactlyInAnyOrder(JobState.QUEUED, JobState.CANCELLED);
        assertThat(row(unkeyed).state()).isEqualTo(JobState.QUEUED);
    }

    @Test
    void aWorkerWhoseLeaseWasTakenBackCannotOverwriteTheNextWorkersOutcome() {
        String type = TestHandlers.unhandledType();
        UUID id = enqueued(type, newUser("slow"));
        Job slow =
                jobs.claim("worker-a", List.of(type), 1, Duration.ofMinutes(5)).get(0);
        jdbc.update("UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = ?", id);
        jobs.recoverExpiredLeases(Duration.ZERO, Duration.ZERO);
        List<Job> next = new ArrayList<>();
        await().atMost(PATIENCE)
                .until(() -> next.addAll(jobs.claim("worker-b", List.of(type), 1, Duration.ofMinutes(5))));

        assertThat(jobs.complete(slow, "worker-a")).isFalse();
        assertThat(jobs.retry(slow, "worker-a", "late failure", Duration.ZERO, false))
                .isFalse();
        assertThat(jobs.bury(slow, "worker-a", "late failure")).isFalse();
        assertThat(row(id).state()).isEqualTo(JobState.RUNNING);
        assertThat(jobs.complete(next.get(0), "worker-b")).isTrue();
        Row done = row(id);
        assertThat(done.state()).isEqualTo(JobState.DONE);
        assertThat(done.lockedBy()).isEqualTo("worker-b");
        assertThat(done.attempts()).isEqualTo(2);
    }

    @Test
    void manyJobsOnTwoInstancesAreEachHandledExactlyOnce() {
        try (Instance second = new Instance(3, Duration.ofSeconds(2), TestHandlers.handler(TestHandlers.BUSY, job -> {
            attempts.record(job);
            Thread.sleep(5);
        }))) {
            List<UUID> ids = tx().execute(status -> {
                List<UUID> queued = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    queued.add(queue.enqueue(TestHandlers.BUSY, Subject.of("crowd-" + (i % 7)), "{\"n\":" + i + "}"));
                }
                return queued;
            });

            await().atMost(PATIENCE).until(() -> countDone(ids) == ids.size());

            assertThat(ids)
                    .allSatisfy(id -> assertThat(attempts.count(id))
                            .as("attempts of %s", id)
                            .isEqualTo(1));
            assertThat(jdbc.queryForList(
                            "SELECT DISTINCT locked_by FROM jobs WHERE id = ANY (?)", String.class, (Object)
                                    ids.toArray(UUID[]::new)))
                    .as("both instances took part")
                    .containsExactlyInAnyOrder(workers.workerId(), second.workers.workerId());
        }
    }

    @Test
    void stoppingLetsRunningHandlersFinishAndClaimsNothingMore() throws Exception {
        String type = TestHandlers.unhandledType();
        TestHandlers.Gate gate = new TestHandlers.Gate();
        try (Instance instance =
                new Instance(1, Duration.ofSeconds(10), TestHandlers.handler(type, job -> gate.await()))) {
            UUID running = enqueued(type, newUser("finishing"));
            awaitState(running, JobState.RUNNING);

            Thread opener = new Thread(() -> {
                await().atMost(PATIENCE).until(() -> !instance.workers.isRunning());
                gate.open();
            });
            opener.start();
            instance.workers.stop();
            opener.join();

            assertThat(row(running).state())
                    .as("finished within the shutdown timeout")
                    .isEqualTo(JobState.DONE);
            UUID afterStop = enqueued(type, newUser("too-late"));
            assertThat(row(afterStop).state()).isEqualTo(JobState.QUEUED);
        }
    }

    @Test
    void aHandlerStillRunningAfterTheShutdownTimeoutIsLeftToLeaseRecovery() {
        String type = TestHandlers.unhandledType();
        TestHandlers.Gate gate = new TestHandlers.Gate();
        try (Instance instance =
                new Instance(1, Duration.ofMillis(100), TestHandlers.handler(type, job -> gate.await()))) {
            UUID id = enqueued(type, newUser("stuck"));
            awaitState(id, JobState.RUNNING);

            instance.workers.stop();

            assertThat(row(id).state()).isEqualTo(JobState.RUNNING);
            assertThat(row(id).lockedBy()).isEqualTo(instance.workers.workerId());
            gate.open();
            jdbc.update("UPDATE jobs SET locked_until = now() - interval '1 second' WHERE id = ?", id);
            Row recovered = awaitState(id, JobState.QUEUED);
            assertThat(recovered.attempts()).isEqualTo(1);
            assertThat(recovered.lastError()).startsWith("lease expired: " + instance.workers.workerId());
        }
    }

    @Test
    void theJobsOfAnInstanceThatDiedRunAgainAfterThreeMissedHeartbeatsNotAfterTheWholeLease() throws Exception {
        String type = TestHandlers.unhandledType();
        TestHandlers.Gate gate = new TestHandlers.Gate();
        Duration heartbeat = Duration.ofMillis(100);
        try (Instance dying =
                new Instance(1, Duration.ofMillis(100), heartbeat, TestHandlers.handler(type, job -> gate.await()))) {
            UUID id = enqueued(type, newUser("orphaned-job"));
            awaitState(id, JobState.RUNNING);
            Thread.sleep(heartbeat.multipliedBy(10).toMillis()); // well past three heartbeats
            assertThat(row(id).state())
                    .as("a live instance keeps its job past three heartbeats by renewing the lease")
                    .isEqualTo(JobState.RUNNING);
            assertThat(jdbc.queryForObject(
                            "SELECT locked_until < now() + interval '1 second' FROM jobs WHERE id = ?",
                            Boolean.class,
                            id))
                    .as("renewed by three heartbeats at a time, not by the 5-minute lease")
                    .isTrue();

            dying.workers.stop(); // its handler still blocked: the job stays leased, and the renewals stop
            AtomicInteger runs = new AtomicInteger();
            try (Instance survivor = new Instance(
                    1, Duration.ofSeconds(2), heartbeat, TestHandlers.handler(type, job -> runs.incrementAndGet()))) {
                Row done = awaitState(id, JobState.DONE);

                assertThat(runs.get()).isEqualTo(1);
                assertThat(done.attempts()).isEqualTo(2);
                assertThat(done.lastError()).startsWith("lease expired: " + dying.workers.workerId());
                assertThat(done.lockedBy()).isEqualTo(survivor.workers.workerId());
            } finally {
                gate.open();
            }
        }
    }

    @Test
    void anOutageOfTheStoreOrTheDatabaseDoesNotUseUpAJobsAttempts() {
        String type = TestHandlers.unhandledType();
        AtomicInteger calls = new AtomicInteger();
        try (Instance instance = new Instance(1, Duration.ofSeconds(2), TestHandlers.handler(type, job -> {
            int call = calls.incrementAndGet();
            if (call <= 6) {
                throw call % 2 == 1
                        ? new UncheckedIOException(new IOException(
                                "cannot read u/k/original/m", new ConnectException("Connection refused")))
                        : new IllegalStateException(
                                "could not commit",
                                new SQLException("terminating connection due to administrator command", "57P01"));
            }
        }))) {
            UUID id = enqueued(type, newUser("outage"), JobOptions.defaults().withMaxAttempts(3));

            Row done = awaitState(id, JobState.DONE);

            assertThat(calls.get())
                    .as("six outages, more than the job's three attempts, then success")
                    .isEqualTo(7);
            assertThat(done.attempts()).as("the outages were not counted").isEqualTo(1);
            assertThat(done.lastError()).contains("administrator command").doesNotStartWith("lease");
        }
    }

    @Test
    void anOutOfMemoryErrorInAHandlerFailsThatAttemptAndTheWorkersGoOnClaiming() {
        UUID id = enqueued(TestHandlers.OUT_OF_MEMORY, newUser("greedy"));

        await().atMost(PATIENCE).until(() -> row(id).lastError() != null); // the first attempt failed
        UUID next = enqueued(TestHandlers.RECORD, newUser("next"));

        assertThat(awaitState(next, JobState.DONE).lockedBy()).isEqualTo(workers.workerId());
        Row done = awaitState(id, JobState.DONE);
        assertThat(done.attempts()).as("retried as usual").isEqualTo(2);
        assertThat(done.lastError()).isEqualTo("java.lang.OutOfMemoryError: Java heap space (thrown by the test)");
    }

    @Test
    void anOutOfMemoryErrorWhileClaimingEndsOnlyThatRoundAndTheDispatcherGoesOn() {
        String type = TestHandlers.unhandledType();
        String admin = token(newUser("operator"), "admin");
        double before = restarts(admin, JobWorkers.LOOP);
        try (Instance instance = new Instance(
                jdbc -> new Jobs(jdbc) {
                    final AtomicBoolean thrown = new AtomicBoolean();

                    @Override
                    List<Job> claim(String worker, Collection<String> types, int limit, Duration lease) {
                        if (thrown.compareAndSet(false, true)) {
                            throw new OutOfMemoryError("Java heap space (thrown by the test)");
                        }
                        return super.claim(worker, types, limit, lease);
                    }
                },
                1,
                Duration.ofSeconds(2),
                TestHandlers.handler(type, attempts::record))) {
            UUID id = enqueued(type, newUser("after-the-error"));

            // Not rethrown here: what counts is whether the dispatcher lives on, not the error on its thread.
            await().atMost(PATIENCE).dontCatchUncaughtExceptions().until(() -> row(id).state() == JobState.DONE);

            Row done = row(id);
            assertThat(done.lockedBy()).isEqualTo(instance.workers.workerId());
            assertThat(restarts(admin, JobWorkers.LOOP))
                    .as("counted at /actuator/prometheus")
                    .isGreaterThan(before);
        }
    }

    @Test
    void aDispatcherThatEndsWhileItShouldRunTurnsReadinessAndLivenessDown() {
        try (Instance instance = new Instance(
                jdbc -> new Jobs(jdbc) {
                    @Override
                    List<Job> claim(String worker, Collection<String> types, int limit, Duration lease) {
                        // An interrupt from anywhere ends the dispatcher for good: nothing brings it back but a
                        // restart.
                        Thread.currentThread().interrupt();
                        return List.of();
                    }
                },
                1,
                Duration.ofSeconds(2),
                TestHandlers.handler(TestHandlers.unhandledType(), attempts::record))) {

            await().atMost(PATIENCE).untilAsserted(() -> {
                for (String probe : List.of("/actuator/health/readiness", "/actuator/health/liveness")) {
                    Api.Response health = api.get(probe).send();
                    assertThat(health.status()).as(probe).isEqualTo(503);
                    assertThat(health.json().path("status").asString())
                            .as(probe)
                            .isEqualTo("DOWN");
                }
            });
            assertThat(instance.workers.isRunning())
                    .as("the instance still means to run its workers")
                    .isTrue();
        }
        assertThat(api.get("/actuator/health/readiness").send().status())
                .as("stopped on purpose")
                .isEqualTo(200);
    }

    /** The value of {@code camroll_loops_restarts_total} for the loop, as an operator's scraper reads it. */
    private double restarts(String adminToken, String loop) {
        String metrics =
                api.get("/actuator/prometheus").token(adminToken).send().body();
        double value = value(metrics, "camroll_loops_restarts_total{loop=\"" + loop + "\"}");
        return Double.isNaN(value) ? 0 : value;
    }

    /** A row as a worker leaves it when its instance dies mid-attempt: running, with a lease that has now expired. */
    private UUID crashedWhileRunning(String type, int attempts, int maxAttempts) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO jobs (id, type, subject, payload, state, attempts, max_attempts, run_at, locked_by,
                                  locked_until, created_at, updated_at)
                VALUES (?, ?, ?, '{}', 'running', ?, ?, now() - interval '1 minute', 'crashed-instance',
                        now() - interval '1 second', now(), now())
                """, id, type, newUser("crashed"), attempts, maxAttempts);
        return id;
    }

    private int countDone(List<UUID> ids) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM jobs WHERE id = ANY (?) AND state = 'done'", Integer.class, (Object)
                        ids.toArray(UUID[]::new));
    }

    /**
     * Another application instance on the same database, as far as the queue is concerned: its own connection pool,
     * workers, worker id and handlers, and no wake-up from this instance's enqueues (it polls).
     */
    private final class Instance implements AutoCloseable {

        final HikariDataSource dataSource = new HikariDataSource();

        final JobWorkers workers;

        Instance(int workerCount, Duration shutdownTimeout, JobHandler... handlers) {
            this(Jobs::new, workerCount, shutdownTimeout, handlers);
        }

        Instance(int workerCount, Duration shutdownTimeout, Duration heartbeat, JobHandler... handlers) {
            this(Jobs::new, workerCount, shutdownTimeout, heartbeat, handlers);
        }

        Instance(Function<JdbcClient, Jobs> queue, int workerCount, Duration shutdownTimeout, JobHandler... handlers) {
            this(queue, workerCount, shutdownTimeout, Duration.ofSeconds(10), handlers);
        }

        Instance(
                Function<JdbcClient, Jobs> queue,
                int workerCount,
                Duration shutdownTimeout,
                Duration heartbeat,
                JobHandler... handlers) {
            dataSource.setJdbcUrl(TestDatabase.get().jdbcUrl());
            dataSource.setUsername(EmbeddedPostgresServer.SERVICE_ROLE);
            dataSource.setPassword(EmbeddedPostgresServer.PASSWORD);
            dataSource.setMaximumPoolSize(workerCount + 1);
            JobSettings settings = new JobSettings(
                    true,
                    workerCount,
                    Duration.ofMillis(50),
                    Duration.ofMinutes(5),
                    heartbeat,
                    Duration.ofMillis(50),
                    Duration.ofMillis(200),
                    5,
                    Duration.ofMillis(100),
                    Duration.ofHours(1),
                    Duration.ofDays(7),
                    shutdownTimeout,
                    Duration.ofMinutes(10));
            Jobs jobs = queue.apply(JdbcClient.create(dataSource));
            workers = new JobWorkers(
                    jobs,
                    JobHandlers.of(List.of(handlers)),
                    settings,
                    new JobMetrics(jobs, new SimpleMeterRegistry(), settings, Set.of(), loops),
                    new JobSignal(),
                    "second-instance/" + UUID.randomUUID().toString().substring(0, 8),
                    new Backoff(settings.backoffBase(), settings.backoffMax(), Math::random),
                    loops,
                    false);
            workers.start();
        }

        @Override
        public void close() {
            workers.stop();
            dataSource.close();
        }
    }
}
