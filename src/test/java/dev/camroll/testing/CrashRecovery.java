package dev.camroll.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.camroll.CamrollApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Instances for crash tests: one that is going to die (started with {@link ServiceProcess} and killed), and the one
 * that takes its work back, both on the tests' database and data directory, with short job leases and quick recovery
 * so a dead instance's claims come back within seconds.
 */
public final class CrashRecovery {

    private CrashRecovery() {}

    /** The properties of an instance on the tests' database and {@code dataDir}, with job leases of {@code lease}. */
    public static Map<String, Object> instance(Path dataDir, Duration lease) {
        Map<String, Object> properties = TestDatabase.serviceProperties();
        properties.put("camroll.data-dir", dataDir.toString());
        properties.put("camroll.jobs.lease", lease.toMillis() + "ms");
        properties.put("camroll.jobs.recovery-interval", "200ms");
        properties.put("camroll.jobs.poll-interval", "100ms");
        properties.put("camroll.jobs.backoff-base", "100ms");
        properties.put("camroll.jobs.backoff-max", "500ms");
        return properties;
    }

    /** The restart: an instance in this JVM with {@code properties}, which takes the expired leases back. */
    public static ConfigurableApplicationContext startAgain(Map<String, Object> properties) {
        properties.put("server.port", "0");
        properties.put("server.shutdown", "immediate");
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(CamrollApplication.class)
                .properties(properties)
                .run(args);
    }
}
