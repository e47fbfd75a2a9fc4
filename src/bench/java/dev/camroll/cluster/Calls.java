package dev.camroll.cluster;

import java.time.Duration;
import java.util.Set;
import java.util.function.Supplier;

import dev.camroll.client.ProblemException;
import dev.camroll.client.TransportException;

/**
 * Every call a phone makes, timed into {@link Latencies}, and retried the way a well-made app retries: after a dropped
 * connection, a 5xx, a 429, or a 409 that says "not now" (another request holds the upload or the idempotency key),
 * with a growing pause (or the answer's {@code Retry-After}), for as long as a background sync would keep trying.
 * Any other problem is the answer, and is thrown.
 */
final class Calls {

    private static final Set<String> RETRY_CONFLICTS =
            Set.of("upload-busy", "offset-mismatch", "idempotency-key-in-use", "upload-too-slow");

    private final Latencies latencies;

    private final Duration patience;

    Calls(Latencies latencies, Duration patience) {
        this.latencies = latencies;
        this.patience = patience;
    }

    /** Calls {@code call} until it answers, timing each attempt under {@code endpoint}. */
    <T> T call(String endpoint, Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + patience.toNanos();
        long pauseMillis = 250;
        while (true) {
            long start = System.nanoTime();
            long retryAfterMillis;
            try {
                T result = call.get();
                latencies.answered(endpoint, System.nanoTime() - start);
                return result;
            } catch (TransportException e) {
                latencies.failed(endpoint, "no answer");
                retryAfterMillis = 0;
            } catch (ProblemException e) {
                if (!retryable(e)) {
                    latencies.answered(endpoint, System.nanoTime() - start);
                    throw e;
                }
                latencies.failed(
                        endpoint,
                        e.status() + (e.slug().isEmpty() || e.slug().equals("about:blank") ? "" : " " + e.slug()));
                String retryAfter = e.problem().member("retryAfterSeconds");
                retryAfterMillis = retryAfter == null ? 0 : (long) (Double.parseDouble(retryAfter) * 1000);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(endpoint + " did not succeed within " + patience);
            }
            Thread.sleep(Math.max(pauseMillis, Math.min(retryAfterMillis, 10_000)));
            pauseMillis = Math.min(pauseMillis * 2, 4_000);
        }
    }

    static boolean retryable(ProblemException e) {
        return e.status() == 0
                || e.status() >= 500
                || e.status() == 429
                || e.status() == 408
                || (e.status() == 409 && RETRY_CONFLICTS.contains(e.slug()));
    }
}
