package dev.camroll.api.internal;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import dev.camroll.api.Problems;
import dev.camroll.api.StorableText;
import dev.camroll.runtime.Outages;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;

/**
 * Maps every exception that reaches Spring MVC to a problem document: ours by their {@link CommonProblem},
 * the framework's by status, with the offending field named for 400s. Every answer is labelled
 * {@code application/problem+json} whatever the request's {@code Accept} (RFC 9457 3: a client that accepts only
 * images still learns why), and a 5xx never carries an exception's message: that stays in the log.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    /** Seconds a client waits after an outage of the database or the object store. */
    private static final String OUTAGE_RETRY_AFTER = "5";

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Object> handleProblem(ProblemException ex) {
        ProblemDetail problem = ex.toProblemDetail();
        ResponseEntity.BodyBuilder response =
                ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON);
        ex.retryAfter().ifPresent(delay -> response.header(HttpHeaders.RETRY_AFTER, retryAfterSeconds(delay)));
        ex.headers().forEach(response::header);
        return response.body(problem);
    }

    /** RFC 9110 section 10.2.3: whole seconds; a delay is rounded up so that the client does not come back early. */
    static String retryAfterSeconds(Duration delay) {
        long seconds = delay.getSeconds() + (delay.getNano() > 0 ? 1 : 0);
        return String.valueOf(seconds);
    }

    /** A lock wait that timed out (a burst of writes for one user): the client retries shortly. */
    @ExceptionHandler(PessimisticLockingFailureException.class)
    ResponseEntity<Object> handleBusy(PessimisticLockingFailureException ex) {
        log.warn("Lock wait gave up: {}", ex.getMostSpecificCause().getMessage());
        ProblemDetail problem = Problems.of(
                CommonProblem.SERVICE_UNAVAILABLE, "Too many changes for this user at once; retry in a moment.");
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }

    /**
     * Spring Security's firewall refused something it reads lazily (a header value, a parameter): the request is
     * malformed, not our failure. The message quotes the value, so it goes to the log only.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> handleRejected(RequestRejectedException ex) {
        log.info("Request rejected: {}", ex.getMessage());
        return problem(Problems.of(
                CommonProblem.INVALID_REQUEST,
                "The request has a header or parameter with characters the service does not accept."));
    }

    /** Tomcat's lazy parameter parsing failed where {@link MalformedRequestFilter} did not look (a safety net). */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<Object> handleUnparsableParameters(InvalidParameterException ex) {
        log.info("Parameters not parsed: {}", ex.getMessage());
        return problem(Problems.of(
                CommonProblem.INVALID_REQUEST,
                "The query string or form body is not percent-encoded UTF-8 within the parameter limits."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex) {
        if (Outages.isOutage(ex)) {
            // The database or the object store did not answer: nothing was changed, and it is worth trying again.
            log.warn("A request met an outage of the database or the object store: {}", ex.toString());
            ProblemDetail problem = Problems.of(
                    CommonProblem.SERVICE_UNAVAILABLE,
                    "A service camroll depends on did not answer; nothing was changed. Retry in a few seconds.");
            return ResponseEntity.status(problem.getStatus())
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.RETRY_AFTER, OUTAGE_RETRY_AFTER)
                    .body(problem);
        }
        log.error("Unhandled error", ex);
        ProblemDetail problem = Problems.of(
                CommonProblem.INTERNAL_ERROR,
                "Something went wrong on our side. Retrying is safe: a change is either complete or not made.");
        return problem(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        PayloadTooLargeException tooLarge = causeOfType(ex, PayloadTooLargeException.class);
        if (tooLarge != null) {
            return problem(Problems.of(CommonProblem.PAYLOAD_TOO_LARGE, tooLarge.getMessage()));
        }
        JacksonException json = causeOfType(ex, JacksonException.class);
        if (json == null) {
            return problem(Problems.of(CommonProblem.INVALID_REQUEST, "The request needs a JSON body."));
        }
        String field = fieldPath(json.getPath());
        if (json instanceof StreamReadException || field.isEmpty()) {
            return problem(
                    Problems.of(CommonProblem.INVALID_REQUEST, "The body is not valid JSON of the expected shape."));
        }
        if (json instanceof InvalidFormatException format && format.getTargetType() == String.class) {
            return problem(ProblemException.invalid(field, StorableText.unstorable(field))
                    .toProblemDetail());
        }
        ProblemDetail problem = Problems.of(
                CommonProblem.INVALID_REQUEST,
                "Field '" + field + "' has a value of the wrong type or an unknown value.");
        problem.setProperty("field", field);
        return problem(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = ex.getBindingResult().getFieldErrors();
        String detail = errors.stream()
                .map(e -> "'" + e.getField() + "' " + e.getDefaultMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        ProblemDetail problem =
                Problems.of(CommonProblem.INVALID_REQUEST, detail.isEmpty() ? "The body is not valid." : detail);
        if (!errors.isEmpty()) {
            problem.setProperty(
                    "field",
                    errors.stream()
                            .map(FieldError::getField)
                            .sorted()
                            .findFirst()
                            .orElseThrow());
        }
        return problem(problem);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var results = ex.getParameterValidationResults();
        String field =
                results.isEmpty() ? "" : results.get(0).getMethodParameter().getParameterName();
        String detail = results.stream()
                .map(r -> "'" + r.getMethodParameter().getParameterName() + "' "
                        + r.getResolvableErrors().stream()
                                .map(e -> e.getDefaultMessage())
                                .collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
        ProblemDetail problem = Problems.of(CommonProblem.INVALID_REQUEST, detail);
        problem.setProperty("field", field);
        return problem(problem);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        return problem(Problems.of(
                CommonProblem.NOT_FOUND,
                "No endpoint " + ex.getHttpMethod() + " /" + ex.getResourcePath() + "; see /v3/api-docs."));
    }

    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemException fromConverter = causeOfType(ex, ProblemException.class);
        if (fromConverter != null) {
            return handleProblem(fromConverter);
        }
        ProblemDetail problem =
                Problems.of(CommonProblem.INVALID_REQUEST, "'" + ex.getPropertyName() + "' has an invalid value.");
        problem.setProperty("field", ex.getPropertyName());
        return problem(problem);
    }

    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        ProblemDetail problem = Problems.of(
                CommonProblem.INVALID_REQUEST, "Query parameter '" + ex.getParameterName() + "' is required.");
        problem.setProperty("field", ex.getParameterName());
        return problem(problem);
    }

    @Override
    protected ResponseEntity<Object> handleServletRequestBindingException(
            ServletRequestBindingException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex instanceof MissingRequestHeaderException missing) {
            ProblemDetail problem =
                    Problems.of(CommonProblem.INVALID_REQUEST, "Header '" + missing.getHeaderName() + "' is required.");
            problem.setProperty("field", missing.getHeaderName());
            return problem(problem);
        }
        return super.handleServletRequestBindingException(ex, headers, status, request);
    }

    /** Framework-raised problems (405, 406, 415, 404 for unknown paths...) get our type URIs and titles. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            CommonProblem type = CommonProblem.forStatus(problem.getStatus());
            problem.setType(type.uri());
            problem.setTitle(type.title());
            problem.setInstance(null);
            if (problem.getStatus() >= 500) {
                log.error("Request failed in the framework", ex);
                problem.setDetail(type.title() + ".");
            }
            HttpHeaders answerHeaders = new HttpHeaders();
            answerHeaders.putAll(response.getHeaders());
            answerHeaders.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(problem, answerHeaders, response.getStatusCode());
        }
        return response;
    }

    private static ResponseEntity<Object> problem(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static String fieldPath(List<JacksonException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JacksonException.Reference reference : path) {
            if (reference.getPropertyName() != null) {
                if (!field.isEmpty()) {
                    field.append('.');
                }
                field.append(reference.getPropertyName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.toString();
    }

    private static <T extends Throwable> @Nullable T causeOfType(Throwable ex, Class<T> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
