package dev.camroll.sync.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import dev.camroll.identity.Subject;
import dev.camroll.sync.SyncSettings;
import org.springframework.stereotype.Component;

/**
 * How many manifests a user may still send: at most {@code camroll.sync.max-batches-per-day} in any 24 hours (a
 * sliding window over the batches kept, read through {@code batches_by_subject}). Once reached, the next one may be
 * sent when the oldest of the window turns 24 hours old.
 */
@Component
class BatchAllowance {

    static final Duration WINDOW = Duration.ofDays(1);

    private final Batches batches;

    private final SyncSettings settings;

    private final Clock clock;

    BatchAllowance(Batches batches, SyncSettings settings, Clock clock) {
        this.batches = batches;
        this.settings = settings;
        this.clock = clock;
    }

    /** How long the user must wait before the next manifest, or empty when one may be sent now. */
    Optional<Duration> wait(Subject subject) {
        Instant now = clock.instant();
        // The oldest batch that must leave the window before one more fits: the max-th newest of the window.
        return batches.nthNewestSince(subject, now.minus(WINDOW), settings.maxBatchesPerDay())
                .map(oldest -> {
                    Duration left = Duration.between(now, oldest.plus(WINDOW));
                    return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
                });
    }

    /** Refuses the manifest when the user has sent as many as allowed in the last 24 hours. */
    void require(Subject subject) {
        wait(subject).ifPresent(wait -> {
            long seconds = retryAfterSeconds(wait);
            throw new ProblemException(
                            CommonProblem.RATE_LIMITED,
                            "At most " + settings.maxBatchesPerDay()
                                    + " manifests are accepted from one user in 24 hours; send the next one in "
                                    + seconds + " s.")
                    .retryAfter(Duration.ofSeconds(seconds));
        });
    }

    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
