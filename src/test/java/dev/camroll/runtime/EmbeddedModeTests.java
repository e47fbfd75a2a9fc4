package dev.camroll.runtime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sql.DataSource;

import dev.camroll.CamrollApplication;
import dev.camroll.testing.Api;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default exactly as {@code ./mvnw spring-boot:run} starts it: nothing configured but the data
 * directory. Its PostgreSQL, data and keys live there and survive a restart.
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedModeTests {

    @TempDir
    Path dataDir;

    @Test
    void startsHealthyOnItsOwnAndKeepsDataAndKeysAcrossRestarts(CapturedOutput log) throws Exception {
        String receiptKeyId;
        String eventId;
        String firstToken;
        String firstSecret;
        try (ConfigurableApplicationContext first = start()) {
            Api api = new Api(port(first));
            assertThat(api.get("/actuator/health/readiness")
                            .send()
                            .json()
                            .path("status")
                            .asString())
                    .isEqualTo("UP");
            assertThat(api.get("/actuator/health").send().status()).isEqualTo(200);
            JdbcTemplate database = new JdbcTemplate(first.getBean(DataSource.class));
            assertThat(database.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
            assertThat(database.queryForObject("SHOW synchronous_commit", String.class))
                    .isEqualTo("on");
            assertThat(log.getOut())
                    .as("the log says how to get a token, naming the secret's file but not the secret")
                    .contains("curl -s -X POST http://localhost:" + port(first) + "/dev/tokens")
                    .contains("X-Dev-Token-Secret: $(cat '"
                            + dataDir.toAbsolutePath().resolve("dev-token.secret") + "')")
                    .doesNotContain(secret());
            firstSecret = secret();

            String token = api.devToken(dataDir, Map.of("sub", "alice"))
                    .send()
                    .json()
                    .path("token")
                    .asString();
            firstToken = token;
            String notice = api.get("/v1/consent/purposes")
                    .token(token)
                    .send()
                    .json()
                    .get(0)
                    .path("noticeVersion")
                    .asString();
            eventId = api.put("/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", notice))
                    .token(token)
                    .send()
                    .json()
                    .path("eventId")
                    .asString();
            receiptKeyId = api.get("/v1/consent/receipts/jwks.json")
                    .send()
                    .json()
                    .path("keys")
                    .get(0)
                    .path("kid")
                    .asString();
        }
        assertThat(dataDir.resolve("postgres/PG_VERSION")).content().isEqualToIgnoringNewLines("17");
        assertThat(Files.exists(dataDir.resolve("keys/local-issuer.jwk.json"))).isTrue();

        try (ConfigurableApplicationContext second = start()) {
            Api api = new Api(port(second));
            // The issuer key was kept, so a token from before the restart is still good.
            JsonNode cloud = api.get("/v1/consent")
                    .token(firstToken)
                    .send()
                    .json()
                    .path("purposes")
                    .get(0);

            assertThat(secret()).as("a new secret at every start").isNotEqualTo(firstSecret);
            Api.Response withOldSecret = api.post("/dev/tokens", Map.of("sub", "alice"))
                    .header("X-Dev-Token-Secret", firstSecret)
                    .send();
            assertThat(withOldSecret.status()).isEqualTo(403);
            assertThat(api.devToken(dataDir, Map.of("sub", "alice")).send().status())
                    .isEqualTo(200);

            assertThat(cloud.path("state").asString()).isEqualTo("GIVEN");
            assertThat(cloud.path("eventId").asString()).isEqualTo(eventId);
            assertThat(api.get("/v1/consent/receipts/jwks.json")
                            .send()
                            .json()
                            .path("keys")
                            .get(0)
                            .path("kid")
                            .asString())
                    .isEqualTo(receiptKeyId);
        }
    }

    private String secret() throws java.io.IOException {
        return Files.readString(dataDir.resolve("dev-token.secret")).strip();
    }

    private ConfigurableApplicationContext start() {
        long started = System.nanoTime();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CamrollApplication.class)
                .run("--server.port=0", "--camroll.data-dir=" + dataDir);
        System.out.printf("Embedded mode started in %d ms%n", (System.nanoTime() - started) / 1_000_000);
        return context;
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
