package dev.camroll.identity;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.camroll.client.LogKeys;
import dev.camroll.identity.internal.LocalIssuer;
import dev.camroll.testing.Api;
import dev.camroll.testing.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production configuration: an external issuer named through Spring Boot's standard resource-server properties
 * (here by its public key, its issuer and our audience) and the receipt key from configuration. The local issuer is
 * then gone. The issuer's URI points at a port that never answers: with a key configured, {@code issuer-uri} only
 * names the {@code iss} to expect, and nothing is fetched from it.
 */
@IntegrationTest
@TestPropertySource(
        properties = {
            "spring.security.oauth2.resourceserver.jwt.public-key-location=classpath:issuer/test-issuer.pub",
            "spring.security.oauth2.resourceserver.jwt.audiences=camroll-api"
        })
class ProductionModeTests {

    static final TestIssuer.SilentPort ISSUER_HOST = new TestIssuer.SilentPort();

    static final String ISSUER = "http://127.0.0.1:" + ISSUER_HOST.port() + "/issuer";

    static final ECKey RECEIPT_KEY = receiptKey("configured-receipt-key");

    static final ECKey RETIRED_KEY = receiptKey("retired-receipt-key");

    static final LogKeys.Pair LOG_KEY = LogKeys.generate("camroll.example/v1/consent/log");

    @DynamicPropertySource
    static void receiptKeysFromConfiguration(DynamicPropertyRegistry registry) {
        registry.add("spring.security.oauth2.resourceserver.jwt.issuer-uri", () -> ISSUER);
        registry.add("camroll.consent.receipt-signing-key", RECEIPT_KEY::toJSONString);
        registry.add("camroll.transparency.signing-key", () -> LOG_KEY.privateKey());
        registry.add(
                "camroll.consent.retired-receipt-keys[0]",
                () -> RETIRED_KEY.toPublicJWK().toJSONString());
    }

    @LocalServerPort
    int port;

    @Autowired
    ObjectProvider<LocalIssuer> localIssuer;

    Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    @Test
    void tokensOfTheConfiguredIssuerAreAcceptedWithTheirRoles() throws Exception {
        String staff = sign(claims("agent-" + System.nanoTime())
                .claim("roles", List.of("support"))
                .build());

        assertThat(api.get("/v1/consent")
                        .token(sign(claims("prod-user").build()))
                        .send()
                        .status())
                .isEqualTo(200);
        assertThat(api.get("/v1/support/users/nobody/consent")
                        .token(staff)
                        .header("X-Access-Reason", "TICKET-7 production check")
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @Test
    void otherIssuersAudiencesAndBadTokensAreRefused() throws Exception {
        Map<String, String> badTokens = Map.of(
                "another audience",
                        sign(claims("prod-user").audience("other-api").build()),
                "another issuer",
                        sign(claims("prod-user")
                                .issuer("https://login.example.com")
                                .build()),
                "subject over 128 characters", sign(claims("u".repeat(129)).build()),
                "no expiry", sign(claims("prod-user").expirationTime(null).build()),
                "expired",
                        sign(claims("prod-user")
                                .expirationTime(Date.from(Instant.now().minusSeconds(120)))
                                .build()),
                "not a JWT", "definitely.not.ajwt",
                "alg none", unsigned(claims("prod-user").build()));
        badTokens.forEach((why, token) -> {
            Api.Response response = api.get("/v1/consent").token(token).send();
            assertThat(response.status()).as(why).isEqualTo(401);
            assertThat(response.problem()).as(why).isEqualTo("unauthorized");
        });
    }

    @Test
    void theIssuerUriIsOnlyComparedNeverFetched() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(api.get("/v1/consent")
                            .token(sign(claims("prod-user").build()))
                            .send()
                            .status())
                    .isEqualTo(200);
        }
        assertThat(api.get("/v1/consent")
                        .token(sign(claims("prod-user").expirationTime(null).build()))
                        .send()
                        .status())
                .isEqualTo(401);

        assertThat(ISSUER_HOST.connections())
                .as("connections to the issuer's host")
                .isZero();
    }

    @Test
    void theLocalIssuerAndItsTokenEndpointAreGone() {
        assertThat(localIssuer.getIfAvailable()).isNull();
        Api.Response devTokens = api.post("/dev/tokens", Map.of("sub", "alice")).send();
        assertThat(devTokens.status()).isEqualTo(404);
        assertThat(devTokens.problem()).isEqualTo("not-found");
    }

    @Test
    void receiptsAreSignedWithTheConfiguredKeyAndRetiredKeysStayPublished() throws Exception {
        String token = sign(claims("receipt-holder-" + System.nanoTime()).build());
        Api.Response decision = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN"))
                .token(token)
                .send();
        Api.Response jwks = api.get("/v1/consent/receipts/jwks.json").send();

        JWSObject receipt =
                JWSObject.parse(decision.json().path("receipt").path("jws").asString());
        assertThat(receipt.getHeader().getKeyID()).isEqualTo(RECEIPT_KEY.getKeyID());
        assertThat(receipt.verify(new ECDSAVerifier(RECEIPT_KEY.toPublicJWK()))).isTrue();
        assertThat(jwks.json().path("keys")).hasSize(2);
        assertThat(jwks.json().path("keys").get(0).path("x").asString())
                .isEqualTo(RECEIPT_KEY.getX().toString());
        assertThat(jwks.json().path("keys").get(1).path("kid").asString()).isEqualTo(RETIRED_KEY.getKeyID());
        assertThat(jwks.body()).doesNotContain("\"d\"");
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return TestIssuer.claims(ISSUER, subject);
    }

    private static String sign(JWTClaimsSet claims) {
        return TestIssuer.sign(claims);
    }

    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
                + b64.encodeToString(claims.toString().getBytes()) + ".";
    }

    private static ECKey receiptKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
