package dev.camroll.jobs;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The job queue's settings ({@code camroll.jobs.*}). Delivery is at least once (docs/architecture.md#the-job-queue).
 *
 * @param enabled Whether this instance runs workers; without them it still enqueues, cancels and reports the queue's
 *     metrics.
 * @param workers Handlers running at once in this instance, 1 to 64. Unset: one more than the processors, at most 8,
 *     so the processors stay busy while a job waits for its commits and fsyncs.
 * @param pollInterval How often an idle instance looks for due jobs; an enqueue in this instance wakes it at once on
 *     commit.
 * @param lease How long a claimed job may run before it is presumed crashed and queued again (counted as an attempt);
 *     a handler must finish well within it.
 * @param heartbeat How often an instance renews the leases of the jobs it runs. A lease not renewed for three of
 *     these has expired, so the jobs of an instance that died run again within about that (plus recovery-interval)
 *     instead of after the whole lease.
 * @param backoffBase The delay after a first failure; it doubles per attempt, with jitter (between half and all of
 *     it), up to backoff-max.
 * @param backoffMax The longest delay between attempts; not shorter than backoff-base.
 * @param maxAttempts Attempts before a job is dead, unless given at enqueue.
 * @param recoveryInterval How often expired leases are taken back and finished jobs past retention removed.
 * @param metricsInterval How often the camroll.jobs gauges are read from the table.
 * @param retention How long done and cancelled jobs are kept; dead jobs stay until an operator removes them.
 * @param shutdownTimeout On shutdown, how long running handlers may finish; jobs still running are left to lease
 *     recovery.
 * @param fairnessStep How much later than its predecessor a user's next waiting job takes its turn: a user's k-th
 *     waiting job is claimed as if queued k-1 steps after the first, so other users' jobs queued meanwhile go first.
 *     Zero claims in arrival order (no fairness).
 */
@ConfigurationProperties("camroll.jobs")
@Validated
public record JobSettings(
        @DefaultValue("true") boolean enabled,
        @Min(1) @Max(64) Integer workers,
        @DefaultValue("500ms") @DurationMin(millis = 1) Duration pollInterval,
        @DefaultValue("5m") @DurationMin(millis = 1) Duration lease,
        @DefaultValue("10s") @DurationMin(millis = 1) Duration heartbeat,
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
     * How far ahead a claim or a renewal sets a running job's lease: three heartbeats, so one missed renewal (a slow
     * round, a database restart) does not give the job away, but never beyond the lease itself.
     */
    public Duration heldFor() {
        Duration window = heartbeat.multipliedBy(3);
        return window.compareTo(lease) < 0 ? window : lease;
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
