package dev.camroll.jobs.internal;

import java.lang.management.ManagementFactory;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobSettings;
import dev.camroll.runtime.EmbeddedPostgresServer;
import dev.camroll.runtime.LoopSupervisor;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The queue's beans; the workers only when {@code camroll.jobs.enabled} (the default). */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(JobSettings.class)
class JobConfiguration {

    @Bean
    Jobs jobs(JdbcClient jdbc) {
        return new Jobs(jdbc);
    }

    @Bean
    JobSignal jobSignal() {
        return new JobSignal();
    }

    @Bean
    JobHandlers jobHandlers(ObjectProvider<JobHandler<?>> handlers) {
        return JobHandlers.of(handlers.orderedStream().toList());
    }

    @Bean
    JobMetrics jobMetrics(
            Jobs jobs, MeterRegistry meters, JobSettings settings, JobHandlers handlers, LoopSupervisor loops) {
        return new JobMetrics(jobs, meters, settings, handlers.byType().keySet(), loops);
    }

    @Bean
    @ConditionalOnBooleanProperty(name = "camroll.jobs.enabled", matchIfMissing = true)
    JobWorkers jobWorkers(
            Jobs jobs,
            JobHandlers handlers,
            JobSettings settings,
            JobMetrics metrics,
            JobSignal signal,
            LoopSupervisor loops,
            ObjectProvider<EmbeddedPostgresServer> embeddedDatabase) {
        // The embedded cluster is this process's alone (EmbeddedPostgresServer locks it), so jobs another worker
        // holds there were left by a process that died: they run again at once, not after their leases.
        return new JobWorkers(
                jobs,
                handlers,
                settings,
                metrics,
                signal,
                workerId(),
                new Backoff(
                        settings.backoffBase(),
                        settings.backoffMax(),
                        () -> ThreadLocalRandom.current().nextDouble()),
                loops,
                embeddedDatabase.getIfAvailable() != null);
    }

    /** Names this instance in {@code locked_by}: the JVM's pid@host and a random part, unique per start. */
    static String workerId() {
        String jvm = ManagementFactory.getRuntimeMXBean().getName();
        String random = UUID.randomUUID().toString().substring(0, 8);
        return (jvm.length() > 100 ? jvm.substring(0, 100) : jvm) + "/" + random;
    }
}
