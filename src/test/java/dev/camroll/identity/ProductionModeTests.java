package dev.camroll.identity;

import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.camroll.testing.Api;
import dev.camroll.testing.IntegrationTest;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production configuration: an external issuer named through Spring Boot's standard resource-server properties
 * (here by its public key) and the receipt key from configuration. The local issuer is then gone.
 */
@IntegrationTest
@TestPropertySource(properties = {
        "spring.security.oauth2.resourceserver.jwt.public-key-location=classpath:issuer/test-issuer.pub",
        "spring.security.oauth2.resourceserver.jwt.audiences=camroll-api"})
class ProductionModeTests {

    static final ECKey RECEIPT_KEY = receiptKey("configured-receipt-key");

    static final ECKey RETIRED_KEY = receiptKey("retired-receipt-key");

    @DynamicPropertySource
    static void receiptKeysFromConfiguration(DynamicPropertyRegistry registry) {
        registry.add("camroll.consent.receipt-signing-key", RECEIPT_KEY::toJSONString);
        registry.add("camroll.consent.retired-receipt-keys[0]", () -> RETIRED_KEY.toPublicJWK().toJSONString());
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
        String staff = sign(claims("agent-" + System.nanoTime()).claim("roles", List.of("support")).build());

        assertThat(api.get("/v1/consent").token(sign(claims("prod-user").build())).send().status()).isEqualTo(200);
        assertThat(api.get("/v1/support/users/nobody/consent").token(staff)
            .header("X-Access-Reason", "TICKET-7 production check").send().status()).isEqualTo(404);
    }

    @Test
    void otherAudiencesAndBadSubjectsAreRefused() throws Exception {
        for (String token : List.of(sign(claims("prod-user").audience("other-api").build()),
                sign(claims("u".repeat(129)).build()))) {
            Api.Response response = api.get("/v1/consent").token(token).send();
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.problem()).isEqualTo("unauthorized");
        }
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
        Api.Response decision = api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN")).token(token).send();
        Api.Response jwks = api.get("/v1/consent/receipts/jwks.json").send();

        JWSObject receipt = JWSObject.parse(decision.json().path("receipt").path("jws").asString());
        assertThat(receipt.getHeader().getKeyID()).isEqualTo(RECEIPT_KEY.getKeyID());
        assertThat(receipt.verify(new ECDSAVerifier(RECEIPT_KEY.toPublicJWK()))).isTrue();
        assertThat(jwks.json().path("keys")).hasSize(2);
        assertThat(jwks.json().path("keys").get(0).path("x").asString()).isEqualTo(RECEIPT_KEY.getX().toString());
        assertThat(jwks.json().path("keys").get(1).path("kid").asString()).isEqualTo(RETIRED_KEY.getKeyID());
        assertThat(jwks.body()).doesNotContain("\"d\"");
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder().issuer("https://login.example.com")
            .audience("camroll-api")
            .subject(subject)
            .issueTime(new Date())
            .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String sign(JWTClaimsSet claims) throws Exception {
        byte[] der = new ClassPathResource("issuer/test-issuer.pk8").getContentAsByteArray();
        RSAPrivateKey key = (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static ECKey receiptKey(String keyId) {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID(keyId).generate();
        }
        catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
