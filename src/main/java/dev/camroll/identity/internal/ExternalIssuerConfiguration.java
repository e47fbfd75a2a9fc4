package dev.camroll.identity.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.camroll.identity.internal.LocalIssuerConfiguration.NoIssuerConfigured;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.converter.RsaKeyConverters;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.web.client.RestTemplate;

/**
 * Production identity: tokens of the external issuer named through Spring Boot's resource-server properties. The
 * decoder is built here instead of by Spring Boot so that the issuer is pinned (no start without
 * {@code issuer-uri} and {@code audiences}), a configured key source is used as given ({@code issuer-uri} then only
 * checks {@code iss}; nothing is discovered), and an issuer or key set that cannot be reached answers 503 (ADR
 * 0010).
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ExternalIssuerConfiguration.IssuerConfigured.class)
@EnableConfigurationProperties(OAuth2ResourceServerProperties.class)
class ExternalIssuerConfiguration {

    static final String PREFIX = LocalIssuerConfiguration.PREFIX;

    /** How long a fetch of the discovery document or the key set may take (connect, then read). */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    /** How long clients are asked to wait, and discovery is not tried again, after the issuer could not be reached. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    @Bean
    JwtDecoder jwtDecoder(OAuth2ResourceServerProperties properties, OAuth2TokenValidator<Jwt> claimsValidator) {
        OAuth2ResourceServerProperties.Jwt settings = properties.getJwt();
        String issuer = settings.getIssuerUri();
        List<String> audiences = settings.getAudiences().stream()
                .filter(a -> a != null && !a.isBlank())
                .toList();
        requirePinned(issuer, audiences);
        OAuth2TokenValidator<Jwt> validator = new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer),
                new JwtClaimValidator<List<String>>(
                        JwtClaimNames.AUD, aud -> aud != null && aud.stream().anyMatch(audiences::contains)),
                claimsValidator);
        JwtDecoder keys;
        if (hasText(settings.getJwkSetUri())) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(settings.getJwkSetUri())
                    .jwsAlgorithms(algorithms -> algorithms.addAll(algorithms(settings)))
                    .restOperations(fetcher())
                    .build();
            decoder.setJwtValidator(validator);
            keys = decoder;
        } else if (settings.getPublicKeyLocation() != null) {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey(settings))
                    .signatureAlgorithm(algorithms(settings).get(0))
                    .build();
            decoder.setJwtValidator(validator);
            keys = decoder;
        } else {
            keys = new DiscoveringJwtDecoder(
                    issuer,
                    () -> {
                        NimbusJwtDecoder decoder = NimbusJwtDecoder.withIssuerLocation(issuer)
                                .jwsAlgorithms(algorithms -> algorithms.addAll(algorithms(settings)))
                                .restOperations(fetcher())
                                .build();
                        decoder.setJwtValidator(validator);
                        return decoder;
                    },
                    RETRY_AFTER,
                    Clock.systemUTC());
        }
        return new VerifiedTokens(new KeySourceGuard(keys, RETRY_AFTER), validator);
    }

    /**
     * Without a named issuer any token signed with a trusted key is accepted, whoever issued it; without audiences,
     * a token the same issuer made for another service. Neither is a safe default, so neither starts.
     */
    private static void requirePinned(String issuer, List<String> audiences) {
        List<String> missing = new ArrayList<>();
        if (!hasText(issuer)) {
            missing.add(PREFIX + "issuer-uri (the issuer, as in the tokens' iss claim)");
        }
        if (audiences.isEmpty()) {
            missing.add(PREFIX + "audiences (the aud values meant for this service)");
        }
        if (!missing.isEmpty()) {
            throw new IllegalStateException("An external token issuer is configured but not pinned: set "
                    + String.join(" and ", missing) + ". Otherwise tokens issued by anyone holding a trusted key, or "
                    + "for another service, would be accepted. See docs/operations.md#identity.");
        }
    }

    private static List<SignatureAlgorithm> algorithms(OAuth2ResourceServerProperties.Jwt settings) {
        List<SignatureAlgorithm> algorithms = new ArrayList<>();
        for (String name : settings.getJwsAlgorithms()) {
            SignatureAlgorithm algorithm = SignatureAlgorithm.from(name);
            if (algorithm == null) {
                throw new IllegalStateException(PREFIX + "jws-algorithms names an unknown algorithm: " + name);
            }
            algorithms.add(algorithm);
        }
        return algorithms.isEmpty() ? List.of(SignatureAlgorithm.RS256) : algorithms;
    }

    private static RSAPublicKey publicKey(OAuth2ResourceServerProperties.Jwt settings) {
        try {
            return RsaKeyConverters.x509()
                    .convert(new ByteArrayInputStream(settings.readPublicKey().getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    PREFIX + "public-key-location " + settings.getPublicKeyLocation()
                            + " does not hold an X.509 PEM RSA public key: " + e.getMessage(),
                    e);
        }
    }

    /** Fetches with timeouts, so a silent issuer holds a request thread for seconds, not for minutes. */
    private static RestTemplate fetcher() {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(FETCH_TIMEOUT);
        requests.setReadTimeout(FETCH_TIMEOUT);
        return new RestTemplate(requests);
    }

    private static boolean hasText(@Nullable String value) {
        return value != null && !value.isBlank();
    }

    static class IssuerConfigured extends NoIssuerConfigured {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return !super.matches(context, metadata);
        }
    }
}
