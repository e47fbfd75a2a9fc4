package dev.camroll.identity;

import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.camroll.identity.internal.LocalIssuer;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class IdentityTests extends EndToEndTest {

    @Test
    void aCallWithoutTokenIsUnauthorizedAsAProblem() {
        Api.Response response = api.get("/v1/consent").send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo("unauthorized");
        assertThat(response.header("WWW-Authenticate")).startsWith("Bearer");
    }

    @Test
    void tokensThatAreNotValidAreUnauthorizedAndChangeNothing() throws Exception {
        String user = newUser("victim");
        RSAKey foreignKey = new RSAKeyGenerator(2048).keyID("foreign").generate();
        Map<String, String> badTokens = Map.of(
                "signed by another key", sign(claims(user).build(), foreignKey),
                "another issuer",
                        forgeWithIssuerKey(
                                claims(user).issuer("https://evil.example").build()),
                "another audience",
                        forgeWithIssuerKey(claims(user).audience("someone-else").build()),
                "expired",
                        forgeWithIssuerKey(claims(user)
                                .expirationTime(Date.from(Instant.now().minusSeconds(120)))
                                .build()),
                "alg none", unsigned(claims(user).build()),
                "not a JWT", "definitely.not.ajwt",
                "no subject", forgeWithIssuerKey(claims(user).subject(null).build()),
                "no expiry",
                        forgeWithIssuerKey(claims(user).expirationTime(null).build()),
                "subject over 128 characters",
                        forgeWithIssuerKey(claims(user).subject("u".repeat(129)).build()));

        badTokens.forEach((why, token) -> {
            Api.Response response = give(token, "cloud_processing");
            assertThat(response.status()).as(why).isEqualTo(401);
            assertThat(response.problem()).as(why).isEqualTo("unauthorized");
        });
        assertThat(decisions(user)).isZero();
        assertThat(give(forgeWithIssuerKey(claims(user).build()), "cloud_processing")
                        .status())
                .as("the same claims, correctly signed, are accepted")
                .isEqualTo(200);
    }

    @Test
    void rolesComeFromTheRolesClaim() {
        String reason = "TICKET-1 checking roles";
        Api.Response asUser = api.get("/v1/support/users/someone/consent")
                .token(token(newUser("plain")))
                .header("X-Access-Reason", reason)
                .send();
        Api.Response asSupport = api.get("/v1/support/users/someone/consent")
                .token(token(newUser("agent"), "support"))
                .header("X-Access-Reason", reason)
                .send();

        assertThat(asUser.status()).isEqualTo(403);
        assertThat(asUser.problem()).isEqualTo("forbidden");
        assertThat(asSupport.status()).as("allowed in, the user is unknown").isEqualTo(404);
    }

    @Test
    void frameworkErrorsAreProblemsToo() {
        String token = token(newUser("any"));

        Api.Response unknownPath = api.get("/v1/nothing-here").token(token).send();
        Api.Response wrongMethod =
                api.request("DELETE", "/v1/consent").token(token).send();
        Api.Response wrongType = api.request("PUT", "/v1/consent/cloud_processing")
                .token(token)
                .header("Content-Type", "text/plain")
                .json("state=GIVEN")
                .send();

        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.problem()).isEqualTo("not-found");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.problem()).isEqualTo("method-not-allowed");
        assertThat(wrongType.status()).isEqualTo(415);
        assertThat(wrongType.problem()).isEqualTo("unsupported-media-type");
        for (Api.Response r : List.of(unknownPath, wrongMethod, wrongType)) {
            assertThat(r.header("Content-Type")).startsWith("application/problem+json");
            assertThat(r.json().has("title")).isTrue();
            assertThat(r.json().has("detail")).isTrue();
        }
    }

    private static JWTClaimsSet.Builder claims(String subject) {
        return new JWTClaimsSet.Builder()
                .issuer(LocalIssuer.ISSUER)
                .audience(LocalIssuer.AUDIENCE)
                .subject(subject)
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String unsigned(JWTClaimsSet claims) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes()) + "."
                + b64.encodeToString(claims.toString().getBytes()) + ".";
    }
}
