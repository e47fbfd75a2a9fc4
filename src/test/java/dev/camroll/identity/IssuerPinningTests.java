package dev.camroll.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camroll.CamrollApplication;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An external issuer must be pinned: without the issuer ({@code issuer-uri}) any holder of a trusted key could
 * issue tokens, without {@code audiences} a token for another service of the same issuer would do. The service
 * refuses to start, saying which property to set.
 */
class IssuerPinningTests {

    static final String JWT = "spring.security.oauth2.resourceserver.jwt.";

    @Test
    void anExternalIssuerWithoutAudiencesDoesNotStart() {
        assertThatThrownBy(() -> start(Map.of(
                        JWT + "public-key-location",
                        "classpath:issuer/test-issuer.pub",
                        JWT + "issuer-uri",
                        "https://login.example.com")))
                .rootCause()
                .hasMessageContaining("not pinned")
                .hasMessageContaining(JWT + "audiences")
                .message()
                .doesNotContain(JWT + "issuer-uri");
    }

    @Test
    void anExternalIssuerWithoutItsIssuerUriDoesNotStart() {
        assertThatThrownBy(() -> start(Map.of(
                        JWT + "jwk-set-uri", "https://login.example.com/jwks", JWT + "audiences", "camroll-api")))
                .rootCause()
                .hasMessageContaining("not pinned")
                .hasMessageContaining(JWT + "issuer-uri")
                .message()
                .doesNotContain(JWT + "audiences");
    }

    @Test
    void aKeyAloneNamesNeitherAndDoesNotStart() {
        assertThatThrownBy(() -> start(Map.of(JWT + "public-key-location", "classpath:issuer/test-issuer.pub")))
                .rootCause()
                .hasMessageContaining(JWT + "issuer-uri")
                .hasMessageContaining(JWT + "audiences");
    }

    private static void start(Map<String, String> issuer) {
        List<String> args = new ArrayList<>();
        TestDatabase.serviceProperties().forEach((name, value) -> args.add("--" + name + "=" + value));
        issuer.forEach((name, value) -> args.add("--" + name + "=" + value));
        args.add("--server.port=0");
        new SpringApplicationBuilder(CamrollApplication.class)
                .run(args.toArray(String[]::new))
                .close();
    }
}
