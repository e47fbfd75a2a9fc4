package dev.camroll.privacy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Operators see purges waiting, how long the oldest has waited and how long finished ones took at /actuator/prometheus. */
class PurgeMetricsTests extends EndToEndTest {

    static final String PENDING = "camroll_privacy_purges_pending";

    static final String LAG = "camroll_privacy_purge_lag_seconds";

    static final String DURATIONS = "camroll_privacy_purge_duration_seconds_count{scope=\"withdrawal\"}";

    @Autowired
    ApplicationContext context;

    @Test
    void aWithdrawalShowsAPendingPurgeAndItsLagUntilItFinishesAndIsTimed() {
        String admin = token(newUser("operator"), "admin");
        String user = newUser("withdrawing");
        String token = token(user);
        assertThat(give(token, "cloud_processing").status()).isEqualTo(200);
        Lifecycle workers = context.getBean("jobWorkers", Lifecycle.class);
        double pendingWhileWaiting;
        double timedBefore;
        workers.stop();
        try {
            timedBefore = orZero(value(metrics(admin), DURATIONS));
            assertThat(withdraw(token, "cloud_processing").status()).isEqualTo(200);

            // The lag counts from the request; a moment later it is above zero.
            await("the purge's lag")
                    .atMost(Duration.ofSeconds(10))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> value(metrics(admin), LAG) > 0);
            String waiting = metrics(admin);
            pendingWhileWaiting = value(waiting, PENDING);
            assertThat(pendingWhileWaiting)
                    .as(PENDING)
                    .isGreaterThanOrEqualTo(1)
                    .isEqualTo(unfinishedPurges());
            assertThat(value(waiting, LAG)).as(LAG).isPositive();
        } finally {
            workers.start();
        }

        awaitPurged(user);
        await("the finished purge in the metrics")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .untilAsserted(() -> {
                    String after = metrics(admin);
                    assertThat(value(after, PENDING))
                            .as(PENDING)
                            .isLessThan(pendingWhileWaiting)
                            .isEqualTo(unfinishedPurges());
                    assertThat(value(after, DURATIONS)).as(DURATIONS).isGreaterThan(timedBefore);
                });
    }

    private String metrics(String admin) {
        return api.get("/actuator/prometheus").token(admin).send().body();
    }

    private double unfinishedPurges() {
        return jdbc.queryForObject("SELECT count(*) FROM purges WHERE finished_at IS NULL", Integer.class);
    }

    /** The value of one sample in the Prometheus text format, or NaN when the sample is missing. */
    private static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    private static double orZero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }
}
