package dev.camroll.runtime;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this instance's background loops (the job dispatcher, the upload lease heartbeat, the scheduled sweeps) going.
 * Whatever ends one iteration of a loop, an {@link Error} included, is logged with the loop's name, counted in
 * {@code camroll.loops.restarts{loop}}, and the loop goes on. A loop that ends anyway while it should run (its thread
 * is gone, its schedule was cancelled) turns readiness and liveness DOWN, so an orchestrator replaces the instance
 * instead of leaving it up without claiming jobs or aborting the streams of withdrawn users.
 */
public final class LoopSupervisor {

    private static final Logger log = LoggerFactory.getLogger(LoopSupervisor.class);

    static final String RESTARTS = "camroll.loops.restarts";

    private final MeterRegistry meters;

    private final Set<Watch> watched = new CopyOnWriteArraySet<>();

    /** Counts restarts in {@code meters}; the application has one, in {@link RuntimeConfiguration}. */
    public LoopSupervisor(MeterRegistry meters) {
        this.meters = meters;
    }

    /** Runs one iteration of {@code loop}; whatever it throws is logged and counted, never passed on. */
    public void iterate(String loop, Runnable iteration) {
        try {
            restarts(loop); // published at zero from the first round, so a rate over it is defined
            iteration.run();
        } catch (Throwable failure) {
            failed(loop, failure);
        }
    }

    /** Counts and logs a throwable that ended one iteration of {@code loop}, which goes on. Never throws. */
    public void failed(String loop, Throwable failure) {
        try {
            restarts(loop).increment();
            if (failure instanceof Error) {
                log.error("An iteration of the loop {} ended with an error; the loop goes on", loop, failure);
            } else {
                log.warn("An iteration of the loop {} failed; the loop goes on", loop, failure);
            }
        } catch (Throwable again) {
            // Reporting may itself run out of memory; the loop must go on even then, unreported.
        }
    }

    /** Counts an iteration of {@code loop} that failed and was reported by the loop itself. Never throws. */
    public void restarted(String loop) {
        try {
            restarts(loop).increment();
        } catch (Throwable again) {
            // as in failed: counting must not end the loop
        }
    }

    /**
     * Watches a loop that should keep running until the watch is closed: while {@code alive} answers false, the
     * {@code loops} health (in readiness and liveness) is DOWN.
     */
    public Watch watch(String loop, BooleanSupplier alive) {
        restarts(loop); // published at zero from the start, as in iterate
        Watch watch = new Watch(loop, alive);
        watched.add(watch);
        return watch;
    }

    /** The watched loops that have ended although they should run. */
    public List<String> dead() {
        return watched.stream()
                .filter(watch -> !watch.alive.getAsBoolean())
                .map(watch -> watch.loop)
                .toList();
    }

    private Counter restarts(String loop) {
        return Counter.builder(RESTARTS)
                .description("Iterations of a background loop that ended with an error; the loop went on")
                .tag("loop", loop)
                .register(meters);
    }

    /** A loop being watched; closed when the loop stops on purpose. */
    public final class Watch implements AutoCloseable {

        private final String loop;

        private final BooleanSupplier alive;

        private Watch(String loop, BooleanSupplier alive) {
            this.loop = loop;
            this.alive = alive;
        }

        @Override
        public void close() {
            watched.remove(this);
        }
    }
}
