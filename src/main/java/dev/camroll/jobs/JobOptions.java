package dev.camroll.jobs;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * How a job is enqueued beyond its type, subject and payload; {@link #defaults()} and the {@code with...} methods
 * build one.
 *
 * @param dedupeKey when set, at most one queued job of the type has this key: enqueueing again while one waits
 *     returns the waiting job (keeping its payload, running no later than either asked) instead of adding one
 * @param runAt not run before this time; {@code null} for as soon as possible
 * @param delay not run before this long after the enqueueing transaction began; ignored when {@code runAt} is set
 * @param maxAttempts attempts before the job is dead; {@code null} for {@code camroll.jobs.max-attempts}
 * @param urgent claimed before every job that is not urgent (work with a deadline, such as a purge)
 */
public record JobOptions(
        @Nullable String dedupeKey,
        @Nullable Instant runAt,
        Duration delay,
        @Nullable Integer maxAttempts,
        boolean urgent) {

    private static final JobOptions DEFAULTS = new JobOptions(null, null, Duration.ZERO, null, false);

    public JobOptions {
        if (dedupeKey != null && (dedupeKey.isEmpty() || dedupeKey.length() > 200)) {
            throw new IllegalArgumentException("a dedupe key has 1 to 200 characters");
        }
        delay = delay == null ? Duration.ZERO : delay;
        if (delay.isNegative()) {
            throw new IllegalArgumentException("the delay must not be negative");
        }
        if (maxAttempts != null && maxAttempts < 1) {
            throw new IllegalArgumentException("a job has at least one attempt");
        }
    }

    /** Run as soon as possible, no dedupe key, the configured number of attempts. */
    public static JobOptions defaults() {
        return DEFAULTS;
    }

    /** These options with at most one queued job of the type per {@code key}. */
    public JobOptions withDedupeKey(String key) {
        return new JobOptions(key, runAt, delay, maxAttempts, urgent);
    }

    /** These options, not run before {@code time}. */
    public JobOptions withRunAt(Instant time) {
        return new JobOptions(dedupeKey, time, Duration.ZERO, maxAttempts, urgent);
    }

    /** These options, not run before {@code wait} has passed. */
    public JobOptions withDelay(Duration wait) {
        return new JobOptions(dedupeKey, null, wait, maxAttempts, urgent);
    }

    /** These options with {@code attempts} attempts before the job is dead. */
    public JobOptions withMaxAttempts(int attempts) {
        return new JobOptions(dedupeKey, runAt, delay, attempts, urgent);
    }

    /** These options, claimed ahead of every due job that is not urgent. */
    public JobOptions asUrgent() {
        return new JobOptions(dedupeKey, runAt, delay, maxAttempts, true);
    }
}
