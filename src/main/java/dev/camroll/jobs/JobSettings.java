package dev.camroll.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The job queue's settings.
 *
 * @param enabled whether this instance runs workers; without them it still enqueues, cancels and reports metrics
 * @param workers handlers running at once in this instance; by default {@link #defaultWorkers()}
 * @param pollInterval how often an idle instance looks for due jobs; a local enqueue wakes it at once on commit
 * @param lease how long a claimed job may run before it is presumed crashed and taken back (counted as an attempt);
 *     a handler must finish well within it
 * @param backoffBase the delay after a first failure; it doubles per attempt, with jitter (between half and all of it)
 * @param backoffMax the longest delay between attempts
 * @param maxAttempts attempts of a job, unless given at enqueue
 * @param recoveryInterval how often expired leases are taken back and finished jobs past retention removed
 * @param metricsInterval how often the {@code camroll.jobs} gauges are read from the table
 * @param retention how long done and cancelled jobs are kept (dead jobs are kept until an operator removes them)
 * @param shutdownTimeout how long shutdown waits for running handlers; jobs still running are left to lease recovery
 * @param fairnessStep how much later than its predecessor a user's next waiting job takes its turn: a user's k-th
 *     waiting job is claimed as if queued k-1 steps after the first, so other users' jobs queued meanwhile go first;
 *     zero claims in arrival order (no fairness)
 */
@ConfigurationProperties("camroll.jobs")
@Validated
public record JobSettings(
        @DefaultValue("true") boolean enabled,
        @Min(1) @Max(64) Integer workers,
        @DefaultValue("500ms") @DurationMin(millis = 1) Duration pollInterval,
        @DefaultValue("5m") @DurationMin(millis = 1) Duration lease,
        @DefaultValue("2s") @DurationMin(millis = 1) Duration backoffBase,
        @DefaultValue("10m") @DurationMin(millis = 1) Duration backoffMax,
        @DefaultValue("5") @Min(1) @Max(100) int maxAttempts,
        @DefaultValue("30s") @DurationMin(millis = 1) Duration recoveryInterval,
        @DefaultValue("15s") @DurationMin(millis = 1) Duration metricsInterval,
        @DefaultValue("7d") @DurationMin(millis = 1) Duration retention,
        @DefaultValue("20s") Duration shutdownTimeout,
        @DefaultValue("10m") Duration fairnessStep) {

    public JobSettings {
        if (workers == null) {
            workers = defaultWorkers();
        }
        if (backoffBase != null && backoffMax != null && backoffMax.compareTo(backoffBase) < 0) {
            throw new IllegalArgumentException("camroll.jobs.backoff-max (" + backoffMax
                    + ") must not be shorter than camroll.jobs.backoff-base (" + backoffBase + ")");
        }
        if (shutdownTimeout != null && shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("camroll.jobs.shutdown-timeout must not be negative");
        }
        if (fairnessStep != null && fairnessStep.isNegative()) {
            throw new IllegalArgumentException("camroll.jobs.fairness-step must not be negative");
        }
    }

    /**
     * One more worker than the machine has processors, at most 8. Analysing a photo is mostly CPU work, but every
     * job also waits for commits and fsyncs; with only as many workers as processors, a processor idles through
     * each wait. At most 8 keeps the default connection pool (10) free for requests.
     */
    public static int defaultWorkers() {
        return Math.min(Runtime.getRuntime().availableProcessors() + 1, 8);
    }
}
