package dev.camroll.identity.internal;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Tells the two ways a token check fails apart. Spring Security throws {@link BadJwtException} for a token at
 * fault (401) and a plain {@link JwtException} when the keys could not be had (a key set that cannot be fetched or
 * read): that is the service's trouble, a 503, not the 500 Spring Security would make of it.
 */
final class KeySourceGuard implements JwtDecoder {

    private static final Logger log = LoggerFactory.getLogger(KeySourceGuard.class);

    private final JwtDecoder delegate;

    private final Duration retryAfter;

    // One WARN per retry period: clients retrying during an outage must not flood the log.
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);

    KeySourceGuard(JwtDecoder delegate, Duration retryAfter) {
        this.delegate = delegate;
        this.retryAfter = retryAfter;
    }

    @Override
    public Jwt decode(String token) {
        try {
            return delegate.decode(token);
        } catch (BadJwtException bad) {
            throw bad;
        } catch (JwtException keysUnavailable) {
            long now = System.nanoTime();
            long last = lastWarning.get();
            if (now - last >= retryAfter.toNanos() && lastWarning.compareAndSet(last, now)) {
                log.warn("Cannot check tokens: the issuer's keys are not available ({})", keysUnavailable.getMessage());
            }
            throw new IssuerUnavailableException("the issuer's keys are not available", keysUnavailable, retryAfter);
        }
    }
}
