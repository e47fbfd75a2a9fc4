package dev.camroll.sync;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * How many manifests a user may still send: at most {@code camroll.sync.max-batches-per-day} in any 24 hours (a
 * sliding window over the batches kept, read through {@code batches_by_subject}). Once reached, the next one may be
 * sent when the oldest of the window turns 24 hours old.
 */
@Component
class BatchAllowance {

    static final Duration WINDOW = Duration.ofDays(1);

    private final JdbcClient jdbc;

    private final SyncSettings settings;

    private final Clock clock;

    BatchAllowance(JdbcClient jdbc, SyncSettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings;
        this.clock = clock;
    }

    /** How long the user must wait before the next manifest, or empty when one may be sent now. */
    Optional<Duration> wait(String subject) {
        Instant now = clock.instant();
        // The oldest batch that must leave the window before one more fits: the max-th newest of the window.
        return jdbc.sql("""
                SELECT created_at FROM batches WHERE subject = ? AND created_at > ?
                ORDER BY created_at DESC OFFSET ? LIMIT 1
                """)
                .params(subject, Timestamp.from(now.minus(WINDOW)), settings.maxBatchesPerDay() - 1)
                .query(Timestamp.class)
                .optional()
                .map(oldest -> {
                    Duration left = Duration.between(now, oldest.toInstant().plus(WINDOW));
                    return left.isNegative() || left.isZero() ? Duration.ofSeconds(1) : left;
                });
    }

    /** Refuses the manifest when the user has sent as many as allowed in the last 24 hours. */
    void require(String subject) {
        wait(subject).ifPresent(wait -> {
            long seconds = retryAfterSeconds(wait);
            throw new ProblemException(
                            CommonProblem.RATE_LIMITED,
                            "At most " + settings.maxBatchesPerDay()
                                    + " manifests are accepted from one user in 24 hours; send the next one in "
                                    + seconds + " s.")
                    .withHeader(HttpHeaders.RETRY_AFTER, String.valueOf(seconds));
        });
    }

    static long retryAfterSeconds(Duration wait) {
        return Math.max(1, (wait.toMillis() + 999) / 1000);
    }
}
