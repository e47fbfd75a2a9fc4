package dev.camroll.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The decoder of an issuer known only by its {@code issuer-uri}: its key set is found by OpenID discovery on the
 * first token, not at start-up, so the service starts while the issuer is down. After a failed discovery, requests
 * for {@code retryAfter} get 503 at once instead of each waiting for the issuer again.
 */
final class DiscoveringJwtDecoder implements JwtDecoder {

    private static final Logger log = LoggerFactory.getLogger(DiscoveringJwtDecoder.class);

    private final String issuer;

    private final Supplier<JwtDecoder> discovery;

    private final Duration retryAfter;

    private final Clock clock;

    private volatile @Nullable JwtDecoder discovered;

    private Instant nextAttempt = Instant.MIN;

    DiscoveringJwtDecoder(String issuer, Supplier<JwtDecoder> discovery, Duration retryAfter, Clock clock) {
        this.issuer = issuer;
        this.discovery = discovery;
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    @Override
    public Jwt decode(String token) {
        JwtDecoder decoder = discovered;
        return (decoder != null ? decoder : discover()).decode(token);
    }

    private synchronized JwtDecoder discover() {
        if (discovered != null) {
            return discovered;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextAttempt)) {
            throw new IssuerUnavailableException(
                    "the issuer " + issuer + " was not reachable moments ago",
                    null,
                    Duration.between(now, nextAttempt));
        }
        try {
            discovered = discovery.get();
            log.info("Found the key set of the token issuer {} by discovery", issuer);
            return discovered;
        } catch (RuntimeException e) {
            nextAttempt = now.plus(retryAfter);
            log.warn(
                    "The token issuer {} cannot be reached for discovery ({}); answering 503 for {} s",
                    issuer,
                    e.getMessage(),
                    retryAfter.toSeconds());
            throw new IssuerUnavailableException("the issuer " + issuer + " cannot be reached", e, retryAfter);
        }
    }
}
