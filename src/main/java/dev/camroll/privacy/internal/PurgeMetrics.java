package dev.camroll.privacy.internal;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Purge lag for operators: {@code camroll.privacy.purge.lag} (seconds since the oldest unfinished purge was
 * requested, 0 when none waits), {@code camroll.privacy.purges.pending} and {@code camroll.privacy.purges.overdue}
 * (past the deadline). Each is one indexed query when scraped. The duration of finished purges is the timer
 * {@code camroll.privacy.purge.duration}.
 */
@Component
class PurgeMetrics {

    PurgeMetrics(Purges purges, MeterRegistry meters, Clock clock) {
        Gauge.builder("camroll.privacy.purge.lag", () -> {
                    var oldest = purges.backlog().oldestRequestedAt();
                    return oldest == null
                            ? 0
                            : Math.max(
                                    0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
                })
                .description("Seconds since the oldest unfinished purge was requested")
                .baseUnit("seconds")
                .register(meters);
        Gauge.builder("camroll.privacy.purges.pending", () -> purges.backlog().pending())
                .description("Purges requested and not finished")
                .register(meters);
        Gauge.builder("camroll.privacy.purges.overdue", () -> purges.backlog().overdue())
                .description("Unfinished purges past their deadline")
                .register(meters);
    }
}
