package dev.camroll.jobs.internal;

import java.time.Duration;

import dev.camroll.jobs.JobQueue;
import dev.camroll.jobs.JobSettings;
import dev.camroll.runtime.EmbeddedPostgresServer;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The documented defaults, settings that cannot work refused at start-up, and instances without workers. */
class JobConfigurationTests {

    private final ApplicationContextRunner settingsOnly =
            new ApplicationContextRunner().withUserConfiguration(SettingsOnly.class);

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        settingsOnly.run(started -> {
            JobSettings settings = started.getBean(JobSettings.class);
            assertThat(settings.enabled()).isTrue();
            assertThat(settings.workers())
                    .isEqualTo(Math.min(Runtime.getRuntime().availableProcessors() + 1, 8));
            assertThat(settings.pollInterval()).isEqualTo(Duration.ofMillis(500));
            assertThat(settings.lease()).isEqualTo(Duration.ofMinutes(5));
            assertThat(settings.backoffBase()).isEqualTo(Duration.ofSeconds(2));
            assertThat(settings.backoffMax()).isEqualTo(Duration.ofMinutes(10));
            assertThat(settings.maxAttempts()).isEqualTo(5);
            assertThat(settings.recoveryInterval()).isEqualTo(Duration.ofSeconds(30));
            assertThat(settings.metricsInterval()).isEqualTo(Duration.ofSeconds(15));
            assertThat(settings.retention()).isEqualTo(Duration.ofDays(7));
            assertThat(settings.shutdownTimeout()).isEqualTo(Duration.ofSeconds(20));
        });
    }

    @Test
    void settingsThatCannotWorkStopTheStart() {
        settingsOnly
                .withPropertyValues("camroll.jobs.workers=0")
                .run(started -> assertThat(started).hasFailed());
        settingsOnly
                .withPropertyValues("camroll.jobs.poll-interval=0s")
                .run(started -> assertThat(started).hasFailed());
        settingsOnly
                .withPropertyValues("camroll.jobs.max-attempts=0")
                .run(started -> assertThat(started).hasFailed());
        settingsOnly
                .withPropertyValues("camroll.jobs.backoff-base=1m", "camroll.jobs.backoff-max=10s")
                .run(started -> assertThat(started).hasFailed());
    }

    @Test
    void anInstanceWithWorkersDisabledStillHasTheQueueAndItsMetrics() {
        DriverManagerDataSource database = new DriverManagerDataSource(
                TestDatabase.get().jdbcUrl(), EmbeddedPostgresServer.SERVICE_ROLE, EmbeddedPostgresServer.PASSWORD);
        new ApplicationContextRunner()
                .withUserConfiguration(JobConfiguration.class, DatabaseJobQueue.class)
                .withBean(JdbcClient.class, () -> JdbcClient.create(database))
                .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
                .withBean(LoopSupervisor.class, () -> new LoopSupervisor(new SimpleMeterRegistry()))
                .withPropertyValues("camroll.jobs.enabled=false")
                .run(started -> {
                    assertThat(started).hasNotFailed();
                    assertThat(started).hasSingleBean(JobQueue.class).hasSingleBean(JobMetrics.class);
                    assertThat(started).doesNotHaveBean(JobWorkers.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(JobSettings.class)
    static class SettingsOnly {}
}
