package dev.camroll.jobs.internal;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobSettings;
import dev.camroll.jobs.JobState;
import dev.camroll.runtime.LoopSupervisor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Operators see the queue per type and state at /actuator/prometheus. */
class JobMetricsTests extends JobsTest {

    @Autowired
    LoopSupervisor loops;

    @Autowired
    JobSettings settings;

    @Test
    void queuedRunningAndDeadJobsArePublishedPerTypeWithTheAttemptCounters() {
        String waiting = TestHandlers.unhandledType();
        for (int i = 0; i < 3; i++) {
            enqueued(waiting, newUser("waiting"));
        }
        gate.close();
        try {
            awaitState(enqueued(TestHandlers.BLOCKING, newUser("busy")), JobState.RUNNING);
            awaitState(enqueued(TestHandlers.DOOMED, newUser("hopeless")), JobState.DEAD);
            awaitState(enqueued(TestHandlers.RECORD, newUser("fine")), JobState.DONE);
            long dead = queue.countByState(JobKind.of(TestHandlers.DOOMED, TestHandlers.Payload.class))
                    .get(JobState.DEAD);
            String admin = token(newUser("operator"), "admin");

            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                String metrics =
                        api.get("/actuator/prometheus").token(admin).send().body();
                assertThat(value(metrics, "camroll_jobs{state=\"queued\",type=\"" + waiting + "\"}"))
                        .isEqualTo(3);
                assertThat(value(metrics, "camroll_jobs{state=\"running\",type=\"" + waiting + "\"}"))
                        .isZero();
                assertThat(value(metrics, "camroll_jobs{state=\"running\",type=\"test.blocking\"}"))
                        .isEqualTo(1);
                assertThat(value(metrics, "camroll_jobs{state=\"dead\",type=\"test.doomed\"}"))
                        .isEqualTo(dead);
                assertThat(value(metrics, "camroll_jobs_attempts_total{outcome=\"failed\",type=\"test.doomed\"}"))
                        .isPositive();
                assertThat(value(metrics, "camroll_jobs_attempts_total{outcome=\"completed\",type=\"test.record\"}"))
                        .isPositive();
                assertThat(value(metrics, "camroll_jobs_oldest_due_seconds{type=\"" + waiting + "\"}"))
                        .isNotNegative();
            });
        } finally {
            gate.open();
        }
    }

    @Test
    void anOutOfMemoryErrorWhileReadingTheCountsLeavesTheGaugesRefreshing() {
        String type = TestHandlers.unhandledType();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        AtomicBoolean thrown = new AtomicBoolean();
        JobMetrics metrics = new JobMetrics(
                new Jobs(JdbcClient.create(jdbc)) {
                    @Override
                    List<OpenCount> openCounts() {
                        if (thrown.compareAndSet(false, true)) {
                            throw new OutOfMemoryError("Java heap space (thrown by the test)");
                        }
                        return super.openCounts();
                    }
                },
                meters,
                settings,
                Set.of(type),
                loops);
        metrics.start();
        try {
            enqueued(type, newUser("counted"));

            await().atMost(PATIENCE)
                    .until(() -> meters.get("camroll.jobs")
                                    .tag("type", type)
                                    .tag("state", "queued")
                                    .gauge()
                                    .value()
                            == 1);

            assertThat(thrown).isTrue();
        } finally {
            metrics.stop();
        }
    }
}
