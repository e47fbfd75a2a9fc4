package dev.camroll.runtime.internal;

import java.util.List;

import dev.camroll.runtime.LoopSupervisor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The {@code loops} health: DOWN while a watched background loop has ended although it should run. It is part of
 * the readiness group (take the instance out of the load balancer) and the liveness group (restart it): nothing but
 * a restart brings the loop back.
 */
class LoopHealth implements HealthIndicator {

    private final LoopSupervisor loops;

    LoopHealth(LoopSupervisor loops) {
        this.loops = loops;
    }

    @Override
    public Health health() {
        List<String> dead = loops.dead();
        return dead.isEmpty()
                ? Health.up().build()
                : Health.down().withDetail("dead", dead).build();
    }
}
