package dev.camroll.jobs.internal;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": after failed attempt {@code n} the job waits between half and all of
 * {@code min(max, base * 2^(n-1))}. The jitter spreads the retries of jobs that failed together (a store outage)
 * so they do not all come back at once; the lower half keeps the backoff meaningful. Lease recovery computes the
 * same formula in SQL ({@link Jobs#recoverExpiredLeases}).
 */
final class Backoff {

    private final Duration base;

    private final Duration max;

    private final DoubleSupplier random;

    Backoff(Duration base, Duration max, DoubleSupplier random) {
        this.base = base;
        this.max = max;
        this.random = random;
    }

    /** The wait after failed attempt {@code attempt} (1 for the first). */
    Duration after(int attempt) {
        double ceiling = Math.min(max.toNanos(), base.toNanos() * Math.pow(2, Math.max(0, attempt - 1)));
        return Duration.ofNanos((long) (ceiling / 2 + random.getAsDouble() * ceiling / 2));
    }
}
