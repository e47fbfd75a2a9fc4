package dev.camroll.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Remembered tokens: verified once, their claims checked on every use. */
class VerifiedTokensTests {

    static final Instant T = Instant.parse("2026-06-14T10:00:00Z");

    final RSAKey key = generate();

    final Clock[] now = {Clock.fixed(T, ZoneOffset.UTC)};

    final AtomicInteger verifications = new AtomicInteger();

    final VerifiedTokens tokens = verifiedTokens();

    @Test
    void aTokenUsedAgainIsNotVerifiedAgain() throws Exception {
        String token = token("alice", key, T.plus(Duration.ofHours(1)));

        Jwt first = tokens.decode(token);
        Jwt second = tokens.decode(token);

        assertThat(second.getSubject()).isEqualTo("alice").isEqualTo(first.getSubject());
        assertThat(verifications).hasValue(1);
    }

    @Test
    void aRememberedTokenIsRefusedOnceItExpires() throws Exception {
        String token = token("alice", key, T.plus(Duration.ofMinutes(2)));
        tokens.decode(token);

        now[0] = Clock.fixed(T.plus(Duration.ofMinutes(4)), ZoneOffset.UTC); // past exp and the 60 s of skew

        assertThatThrownBy(() -> tokens.decode(token))
                .isInstanceOf(JwtValidationException.class)
                .hasMessageContaining("expired");
        assertThatThrownBy(() -> tokens.decode(token)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).as("forgotten, so verified again").hasValue(2);
    }

    @Test
    void aTokenThatFailsIsNeverRemembered() throws Exception {
        String forged = token("mallory", generate(), T.plus(Duration.ofHours(1)));

        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode(forged)).isInstanceOf(BadJwtException.class);
        assertThat(verifications).hasValue(2);
    }

    private VerifiedTokens verifiedTokens() {
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                jwt -> {
                    timestamps.setClock(now[0]);
                    return timestamps.validate(jwt);
                },
                new JwtIssuerValidator("test-issuer"));
        try {
            NimbusJwtDecoder nimbus =
                    NimbusJwtDecoder.withPublicKey(key.toRSAPublicKey()).build();
            nimbus.setJwtValidator(validator);
            JwtDecoder counting = token -> {
                verifications.incrementAndGet();
                return nimbus.decode(token);
            };
            return new VerifiedTokens(counting, validator);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String token(String subject, RSAKey signer, Instant expires) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).build(),
                new JWTClaimsSet.Builder()
                        .issuer("test-issuer")
                        .subject(subject)
                        .issueTime(Date.from(T.minusSeconds(10)))
                        .expirationTime(Date.from(expires))
                        .build());
        jwt.sign(new RSASSASigner(signer));
        return jwt.serialize();
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
