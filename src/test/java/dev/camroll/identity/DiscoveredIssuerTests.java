package dev.camroll.identity;

import java.time.Duration;

import com.sun.net.httpserver.HttpServer;
import dev.camroll.testing.Api;
import dev.camroll.testing.IntegrationTest;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An external issuer known only by its {@code issuer-uri}: its keys are found by discovery on the first token. The
 * service starts while the issuer is down, answers {@code 503} with {@code Retry-After} meanwhile, and accepts tokens
 * once the issuer is back.
 */
@IntegrationTest
class DiscoveredIssuerTests {

    static final int ISSUER_PORT = TestIssuer.closedPort();

    static final String ISSUER = "http://127.0.0.1:" + ISSUER_PORT + "/issuer";

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
        registry.add("spring.security.oauth2.resourceserver.jwt.audiences", () -> TestIssuer.AUDIENCE);
    }

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void anUnreachableIssuerIsServiceUnavailableWithRetryAfterUntilItIsBack() {
        String token =
                TestIssuer.sign(TestIssuer.claims(ISSUER, "discovered-user").build());

        Api.Response first = api.get("/v1/consent").token(token).send();
        Api.Response second = api.get("/v1/consent").token(token).send();

        for (Api.Response unavailable : java.util.List.of(first, second)) {
            assertThat(unavailable.status()).isEqualTo(503);
            assertThat(unavailable.header("Content-Type")).startsWith("application/problem+json");
            assertThat(unavailable.problem()).isEqualTo("service-unavailable");
            assertThat(Integer.parseInt(unavailable.header("Retry-After"))).isBetween(1, 10);
            assertThat(unavailable.body()).doesNotContain("127.0.0.1", "Exception");
        }
        assertThat(api.get("/v1/consent").send().status())
                .as("no token: still 401")
                .isEqualTo(401);

        HttpServer issuer = TestIssuer.serve(ISSUER_PORT);
        try {
            Awaitility.await("discovery after the Retry-After")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> api.get("/v1/consent").token(token).send().status() == 200);
            assertThat(api.get("/v1/consent")
                            .token(TestIssuer.sign(TestIssuer.claims("https://evil.example", "discovered-user")
                                    .build()))
                            .send()
                            .status())
                    .as("another iss")
                    .isEqualTo(401);
        } finally {
            issuer.stop(0);
        }
    }
}
