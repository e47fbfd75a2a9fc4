package dev.camroll.jobs;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Operators see the queue per type and state at /actuator/prometheus. */
class JobMetricsTests extends JobsTest {

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
            long dead = queue.countByState(TestHandlers.DOOMED).get(JobState.DEAD);
            String admin = token(newUser("operator"), "admin");

            await().atMost(PATIENCE).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
                String metrics = api.get("/actuator/prometheus").token(admin).send().body();
                assertThat(value(metrics, "camroll_jobs{state=\"queued\",type=\"" + waiting + "\"}")).isEqualTo(3);
                assertThat(value(metrics, "camroll_jobs{state=\"running\",type=\"" + waiting + "\"}")).isZero();
                assertThat(value(metrics, "camroll_jobs{state=\"running\",type=\"test.blocking\"}")).isEqualTo(1);
                assertThat(value(metrics, "camroll_jobs{state=\"dead\",type=\"test.doomed\"}")).isEqualTo(dead);
                assertThat(value(metrics, "camroll_jobs_attempts_total{outcome=\"failed\",type=\"test.doomed\"}"))
                    .isPositive();
                assertThat(value(metrics, "camroll_jobs_attempts_total{outcome=\"completed\",type=\"test.record\"}"))
                    .isPositive();
                assertThat(value(metrics, "camroll_jobs_oldest_due_seconds{type=\"" + waiting + "\"}")).isNotNegative();
            });
        }
        finally {
            gate.open();
        }
    }

    /** The value of one sample in the Prometheus text format, or NaN when the sample is missing. */
    private static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
