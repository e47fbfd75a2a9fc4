package dev.camroll.jobs.internal;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Wakes this instance's idle job dispatcher before its next poll: when a local enqueue commits or a worker becomes
 * free. Signals that arrive while the dispatcher is busy are kept, so none is lost; several count as one.
 */
final class JobSignal {

    private final Semaphore signals = new Semaphore(0);

    void signal() {
        signals.release();
    }

    /** Waits until signalled or {@code timeout} has passed. */
    void await(Duration timeout) throws InterruptedException {
        if (signals.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            signals.drainPermits();
        }
    }
}
