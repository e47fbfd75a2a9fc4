package dev.camroll.runtime;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Process-wide pieces: the clock every module reads time from, and scheduled housekeeping. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class RuntimeConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
