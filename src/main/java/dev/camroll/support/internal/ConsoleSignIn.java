package dev.camroll.support.internal;

import java.time.Duration;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.authentication.InternalAuthenticationServiceException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;

/**
 * The console's form sign-in around the staff accounts' check: an attempt the {@link ConsoleSignInThrottle} does
 * not admit is refused before its password is looked at ({@code 429} page with {@code Retry-After}); a failed one
 * goes back to the form without creating a session.
 */
final class ConsoleSignIn implements AuthenticationManager {

    /** The request attribute that carries a refusal to the page that explains it. */
    static final String REFUSAL = ConsoleSignIn.class.getName() + ".refusal";

    private static final Logger log = LoggerFactory.getLogger(ConsoleSignIn.class);

    /** Where a sign-in attempt comes from: its {@link ClientAddresses} key. */
    record From(String address) {}

    /** This username may not try again from this address (or this address at all) for {@code retryAfter}. */
    static final class Throttled extends AuthenticationException {

        private final Duration retryAfter;

        Throttled(Duration retryAfter) {
            super("too many failed sign-ins");
            this.retryAfter = retryAfter;
        }

        Duration retryAfter() {
            return retryAfter;
        }
    }

    private final AuthenticationManager staffAccounts;

    private final ConsoleSignInThrottle throttle;

    ConsoleSignIn(AuthenticationManager staffAccounts, ConsoleSignInThrottle throttle) {
        this.staffAccounts = staffAccounts;
        this.throttle = throttle;
    }

    /** Notes the client address of a sign-in request, for {@link #authenticate}. */
    static AuthenticationDetailsSource<HttpServletRequest, From> details(ClientAddresses addresses) {
        return request -> new From(addresses.of(request));
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String address = attempt.getDetails() instanceof From from ? from.address() : "unknown";
        Optional<Duration> wait;
        try {
            wait = throttle.admit(attempt.getName(), address);
        } catch (DataAccessException e) {
            // Fail closed: without the count, any number of guesses would get through.
            throw new InternalAuthenticationServiceException("the sign-in attempts could not be counted", e);
        }
        if (wait.isPresent()) {
            throw new Throttled(wait.get());
        }
        Authentication signedIn = staffAccounts.authenticate(attempt);
        try {
            throttle.succeeded(attempt.getName(), address);
        } catch (DataAccessException e) {
            log.warn("A successful console sign-in from {} was not taken off its address's count", address, e);
        }
        return signedIn;
    }

    /**
     * A refused attempt is a page with its status ({@code 429}, or {@code 503} when attempts cannot be counted);
     * wrong credentials send the form again. Neither creates a session.
     */
    static AuthenticationFailureHandler failures(String signInAgain, String refusalPage) {
        SimpleUrlAuthenticationFailureHandler again = new SimpleUrlAuthenticationFailureHandler(signInAgain);
        again.setAllowSessionCreation(false);
        return (HttpServletRequest request, HttpServletResponse response, AuthenticationException exception) -> {
            if (exception instanceof Throttled || exception instanceof AuthenticationServiceException) {
                request.setAttribute(REFUSAL, exception);
                request.getRequestDispatcher(refusalPage).forward(request, response);
            } else {
                again.onAuthenticationFailure(request, response, exception);
            }
        };
    }
}
