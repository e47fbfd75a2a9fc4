package dev.camroll.identity.internal;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.security.core.AuthenticationException;

/**
 * The token could not be checked because the issuer's discovery document or key set could not be fetched: the
 * service's fault, not the client's, so it answers {@code 503} with {@code Retry-After}, never 401 or 500.
 */
class IssuerUnavailableException extends AuthenticationException {

    private final Duration retryAfter;

    IssuerUnavailableException(String message, @Nullable Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** When a retry may succeed: at least one second. */
    Duration retryAfter() {
        return retryAfter.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : retryAfter;
    }
}
