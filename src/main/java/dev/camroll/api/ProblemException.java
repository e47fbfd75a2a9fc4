package dev.camroll.api;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.http.ProblemDetail;

/**
 * A failure that becomes one RFC 9457 problem document. Modules throw it (or a subclass named for the
 * case) with a detail a client developer can act on; extra members go into the document as given.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType type;

    private final Map<String, Object> members = new LinkedHashMap<>();

    private @Nullable Integer status;

    private final Map<String, String> headers = new LinkedHashMap<>();

    private @Nullable Duration retryAfter;

    public ProblemException(ProblemType type, String detail) {
        super(detail);
        this.type = type;
    }

    public ProblemException(ProblemType type, String detail, Throwable cause) {
        super(detail, cause);
        this.type = type;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(CommonProblem.NOT_FOUND, detail);
    }

    /** A 400 {@code invalid-request} naming the offending field. */
    public static ProblemException invalid(String field, String detail) {
        return new ProblemException(CommonProblem.INVALID_REQUEST, detail).with("field", field);
    }

    /** Answers with another status than the type's usual one (the same problem can arise in two places). */
    public ProblemException withStatus(int status) {
        this.status = status;
        return this;
    }

    /**
     * When the client may try again (the answer's {@code Retry-After}, in whole seconds rounded up): a fact of the
     * domain (a cap, a backlog, a purge), turned into the header only where problems become HTTP.
     */
    public ProblemException retryAfter(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("a retry delay is not negative: " + delay);
        }
        this.retryAfter = delay;
        return this;
    }

    /** When the client may try again, if the problem says. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /**
     * Adds a response header to the answer. Only for protocol headers a web adapter must send with the problem (tus's
     * {@code Upload-Offset}); services state facts ({@link #retryAfter(Duration)}, members) instead.
     */
    public ProblemException withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** Adds an extension member to the problem document. */
    public ProblemException with(String name, Object value) {
        members.put(name, value);
        return this;
    }

    public ProblemType type() {
        return type;
    }

    public ProblemDetail toProblemDetail() {
        ProblemDetail problem = Problems.of(type, getMessage());
        if (status != null) {
            problem.setStatus(status);
        }
        members.forEach(problem::setProperty);
        return problem;
    }
}
