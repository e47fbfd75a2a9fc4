package dev.camroll.runtime;

import java.util.Map;

import dev.camroll.CamrollApplication;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Production misconfigurations that would weaken the consent guarantees stop the start with a clear reason. */
class StartupChecksTests {

    @Test
    void theServiceDoesNotRunAsARoleThatOwnsTheLedger() {
        Map<String, Object> properties = TestDatabase.serviceProperties();
        properties.put("spring.datasource.username", EmbeddedPostgresServer.OWNER);

        assertThatThrownBy(() -> start(properties))
                .hasStackTraceContaining("owns tables")
                .hasStackTraceContaining("consent_events")
                .hasStackTraceContaining("spring.flyway.user");
    }

    @Test
    void withAnExternalDatabaseTheReceiptKeyComesFromConfiguration() {
        Map<String, Object> properties = TestDatabase.serviceProperties();
        properties.remove("camroll.consent.receipt-key-in-data-dir");

        assertThatThrownBy(() -> start(properties)).hasStackTraceContaining("camroll.consent.receipt-signing-key");
    }

    @Test
    void withAnExternalDatabaseTheLogKeyComesFromConfiguration() {
        Map<String, Object> properties = TestDatabase.serviceProperties();
        properties.remove("camroll.transparency.signing-key");

        assertThatThrownBy(() -> start(properties)).hasStackTraceContaining("camroll.transparency.signing-key");
    }

    private static void start(Map<String, Object> properties) {
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        new SpringApplicationBuilder(CamrollApplication.class)
                .run(concat(args, "--server.port=0"))
                .close();
    }

    private static String[] concat(String[] args, String extra) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = extra;
        return all;
    }
}
