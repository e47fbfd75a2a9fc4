package dev.camroll.client;

/**
 * The service refused a call with an RFC 9457 problem. Subclasses name the problems a client handles differently;
 * any other one is a plain {@code ProblemException} whose {@link #problem()} says what went wrong.
 */
public class ProblemException extends CamrollException {

    private final Problem problem;

    public ProblemException(Problem problem) {
        super(
                problem.status() + " " + problem.slug() + (problem.detail() == null ? "" : ": " + problem.detail()),
                null);
        this.problem = problem;
    }

    public Problem problem() {
        return problem;
    }

    public int status() {
        return problem.status();
    }

    /** The problem's slug, e.g. {@code notice-outdated}. */
    public String slug() {
        return problem.slug();
    }

    /** The right exception for {@code problem}. */
    public static ProblemException of(Problem problem) {
        return switch (problem.slug()) {
            case "unauthorized" -> new Unauthorized(problem);
            case "forbidden", "consent-required" -> new Forbidden(problem);
            case "not-found" -> new NotFound(problem);
            case "notice-outdated", "consent-dependency" -> new ConsentConflict(problem);
            case "invalid-request" -> new InvalidRequest(problem);
            default ->
                problem.status() == 429 || problem.status() == 503
                        ? new Unavailable(problem)
                        : new ProblemException(problem);
        };
    }

    /** {@code 401}: no token, or one the service does not accept (expired, wrong issuer). Log in again. */
    public static final class Unauthorized extends ProblemException {
        Unauthorized(Problem problem) {
            super(problem);
        }
    }

    /** {@code 403}: not allowed, or {@code consent-required}: the purpose the call needs is not given. */
    public static final class Forbidden extends ProblemException {
        Forbidden(Problem problem) {
            super(problem);
        }

        /** True when the call needs a consent the user has not given. */
        public boolean consentRequired() {
            return "consent-required".equals(slug());
        }
    }

    /** {@code 404}: no such resource, or not the caller's. */
    public static final class NotFound extends ProblemException {
        NotFound(Problem problem) {
            super(problem);
        }
    }

    /** {@code 409 notice-outdated} (read the notice again) or {@code consent-dependency} (give the required one). */
    public static final class ConsentConflict extends ProblemException {
        ConsentConflict(Problem problem) {
            super(problem);
        }

        /** The notice version to show and give instead, for {@code notice-outdated}; else null. */
        public String currentNoticeVersion() {
            return problem().member("currentNoticeVersion");
        }
    }

    /** {@code 400 invalid-request}: the request was malformed; {@link #field()} names the field when known. */
    public static final class InvalidRequest extends ProblemException {
        InvalidRequest(Problem problem) {
            super(problem);
        }

        public String field() {
            return problem().member("field");
        }
    }

    /** {@code 429} or {@code 503}: the service is busy; try again after {@link #retryAfterSeconds()}. */
    public static final class Unavailable extends ProblemException {
        Unavailable(Problem problem) {
            super(problem);
        }

        /** The Retry-After the service sent, in seconds, or -1. */
        public long retryAfterSeconds() {
            String value = problem().member("retryAfterSeconds");
            try {
                return value == null ? -1 : (long) Double.parseDouble(value);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
