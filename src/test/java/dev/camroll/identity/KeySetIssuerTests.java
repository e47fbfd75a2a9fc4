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
 * An external issuer trusted through its key set ({@code jwk-set-uri}), pinned by {@code issuer-uri} and
 * {@code audiences}. While the key set cannot be fetched, a token cannot be checked: that is the service's trouble,
 * answered {@code 503} with {@code Retry-After}, never a 500 and never a 401 that would make the app sign out.
 */
@IntegrationTest
class KeySetIssuerTests {

    static final int KEY_SET_PORT = TestIssuer.closedPort();

    static final String ISSUER = "http://127.0.0.1:" + KEY_SET_PORT + "/issuer";

    @DynamicPropertySource
    static void issuer(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", () -> ISSUER + "/jwks");
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
    void anUnreachableKeySetIsServiceUnavailableWithRetryAfterUntilItAnswersAgain() {
        String token = TestIssuer.sign(TestIssuer.claims(ISSUER, "keyset-user").build());

        Api.Response unavailable = api.get("/v1/consent").token(token).send();

        assertThat(unavailable.status()).isEqualTo(503);
        assertThat(unavailable.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unavailable.problem()).isEqualTo("service-unavailable");
        assertThat(Integer.parseInt(unavailable.header("Retry-After"))).isBetween(1, 60);
        assertThat(unavailable.body()).doesNotContain("127.0.0.1", "jwks", "Exception");

        HttpServer keySet = TestIssuer.serve(KEY_SET_PORT);
        try {
            Awaitility.await("the key set is fetched again")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> api.get("/v1/consent").token(token).send().status() == 200);
            assertThat(api.get("/v1/consent")
                            .token(TestIssuer.sign(TestIssuer.claims(ISSUER, "keyset-user")
                                    .expirationTime(null)
                                    .build()))
                            .send()
                            .status())
                    .as("no exp")
                    .isEqualTo(401);
        } finally {
            keySet.stop(0);
        }
    }
}
