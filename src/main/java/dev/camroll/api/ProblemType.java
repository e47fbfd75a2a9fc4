package dev.camroll.api;

import java.net.URI;

import org.springframework.http.HttpStatus;

/**
 * Every problem type the API answers with. The slugs are part of the contract: clients switch on them, so a
 * slug is never renamed or reused for another meaning.
 */
public enum ProblemType {

    INVALID_REQUEST("invalid-request", HttpStatus.BAD_REQUEST, "The request is not valid"),
    ACCESS_REASON_REQUIRED("access-reason-required", HttpStatus.BAD_REQUEST,
            "Support access needs a reason of at least 10 characters"),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "Authentication is required"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Not allowed"),
    CONSENT_REQUIRED("consent-required", HttpStatus.FORBIDDEN, "Consent is required"),
    NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "No acceptable representation"),
    NOTICE_OUTDATED("notice-outdated", HttpStatus.CONFLICT, "The notice is not the current one"),
    CONSENT_DEPENDENCY("consent-dependency", HttpStatus.CONFLICT, "A required purpose is not given"),
    IDEMPOTENCY_KEY_IN_USE("idempotency-key-in-use", HttpStatus.CONFLICT,
            "A request with this Idempotency-Key is still being processed"),
    PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
    FILE_TOO_LARGE("file-too-large", HttpStatus.CONTENT_TOO_LARGE, "The file is larger than the service accepts"),
    QUOTA_EXCEEDED("quota-exceeded", HttpStatus.CONTENT_TOO_LARGE, "The file would exceed the storage quota"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", HttpStatus.UNPROCESSABLE_CONTENT,
            "This Idempotency-Key was used with another request"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    ACCESS_LOG_UNAVAILABLE("access-log-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "The access could not be recorded, so no data is returned"),
    SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable");

    /** Problem type URIs are this base plus the slug. */
    public static final String BASE_URI = "https://camroll.dev/problems/";

    private final String slug;

    private final HttpStatus status;

    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public URI uri() {
        return URI.create(BASE_URI + slug);
    }

    /** The generic type for a status raised by the framework rather than by our code. */
    public static ProblemType forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
        };
    }
}
