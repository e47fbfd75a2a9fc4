package dev.camroll.identity.internal;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

/**
 * Remembers tokens whose signature has been verified, so that a client sending the same bearer token with every
 * request (a phone does, until the token expires) pays for one parse and one signature check per token, not per
 * request. The claims are validated again on every use (expiry, not-before, issuer, audience, {@code sub}), so a
 * remembered token is refused the moment it expires; a key the issuer withdraws stops its tokens within
 * {@link #TRUST_FOR}. Only tokens that passed are remembered, keyed by the whole token, never by a hash of it.
 */
final class VerifiedTokens implements JwtDecoder {

    /** How long a verified signature is trusted without checking it again. */
    static final Duration TRUST_FOR = Duration.ofMinutes(5);

    /** At most this many tokens (a few KiB each) are remembered; the least recently used go first. */
    static final int CAPACITY = 4096;

    private final JwtDecoder verifier;

    private final OAuth2TokenValidator<Jwt> validator;

    private final Cache<String, Jwt> verified;

    /**
     * @param verifier checks the signature and then {@code validator}
     * @param validator the claim checks {@code verifier} applies, repeated for remembered tokens
     */
    VerifiedTokens(JwtDecoder verifier, OAuth2TokenValidator<Jwt> validator) {
        this.verifier = verifier;
        this.validator = validator;
        this.verified = Caffeine.newBuilder()
                .maximumSize(CAPACITY)
                .expireAfterWrite(TRUST_FOR)
                .build();
    }

    @Override
    public Jwt decode(String token) {
        Jwt known = verified.getIfPresent(token);
        if (known == null) {
            Jwt jwt = verifier.decode(token);
            verified.put(token, jwt);
            return jwt;
        }
        OAuth2TokenValidatorResult result = validator.validate(known);
        if (result.hasErrors()) {
            verified.invalidate(token);
            String description = result.getErrors().stream()
                    .map(OAuth2Error::getDescription)
                    .filter(d -> d != null && !d.isBlank())
                    .findFirst()
                    .orElse("Unable to validate Jwt");
            // The message Spring Security's own decoder gives for a token that fails validation.
            throw new JwtValidationException(
                    "An error occurred while attempting to decode the Jwt: " + description, result.getErrors());
        }
        return known;
    }
}
