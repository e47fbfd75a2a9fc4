package dev.camroll.runtime.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.camroll.runtime.LoopSupervisor;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The supervisor keeps a loop going whatever one iteration throws, and tells when a watched loop has ended. */
class LoopSupervisorTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private final LoopSupervisor loops = new LoopSupervisor(meters);

    @Test
    void anErrorInAnIterationIsCountedForItsLoopAndNotPassedOn() {
        loops.iterate("sweep", () -> {
            throw new StackOverflowError("thrown by the test");
        });
        loops.iterate("sweep", () -> {
            throw new IllegalStateException("thrown by the test");
        });
        loops.iterate("sweep", () -> {});

        assertThat(meters.get("camroll.loops.restarts")
                        .tag("loop", "sweep")
                        .counter()
                        .count())
                .isEqualTo(2);
    }

    @Test
    void aWatchedLoopThatEndedTurnsTheHealthDownUntilItsWatchIsClosed() {
        LoopHealth health = new LoopHealth(loops);
        AtomicBoolean alive = new AtomicBoolean(true);
        LoopSupervisor.Watch watch = loops.watch("dispatcher", alive::get);
        assertThat(meters.get("camroll.loops.restarts")
                        .tag("loop", "dispatcher")
                        .counter()
                        .count())
                .as("published from the start")
                .isZero();
        assertThat(health.health().getStatus()).isEqualTo(Status.UP);

        alive.set(false);
        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.health().getDetails()).containsEntry("dead", List.of("dispatcher"));

        watch.close();
        assertThat(health.health().getStatus()).as("stopped on purpose").isEqualTo(Status.UP);
    }
}
