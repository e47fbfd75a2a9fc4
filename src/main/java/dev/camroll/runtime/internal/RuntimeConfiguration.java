package dev.camroll.runtime.internal;

import java.time.Clock;

import dev.camroll.runtime.LoopSupervisor;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Process-wide pieces: the clock every module reads time from, scheduled housekeeping and the loops' supervisor. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RuntimeConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    LoopSupervisor loopSupervisor(MeterRegistry meters) {
        return new LoopSupervisor(meters);
    }

    /** Named so that its health contributor is {@code loops}, as the probe groups in application.yml include it. */
    @Bean
    LoopHealth loopsHealthIndicator(LoopSupervisor loops) {
        return new LoopHealth(loops);
    }
}
