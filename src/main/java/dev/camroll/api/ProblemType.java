package dev.camroll.api;

import java.net.URI;

import org.springframework.http.HttpStatusCode;

/**
 * Every problem type the API answers with. The slugs are part of the contract: clients switch on them, so a
 * slug is never renamed or reused for another meaning.
 */
public enum ProblemType {
    INVALID_REQUEST("invalid-request", 400, "The request is not valid"),
    ACCESS_REASON_REQUIRED("access-reason-required", 400, "Support access needs a reason of at least 10 characters"),
    UNAUTHORIZED("unauthorized", 401, "Authentication is required"),
    FORBIDDEN("forbidden", 403, "Not allowed"),
    CONSENT_REQUIRED("consent-required", 403, "Consent is required"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "No acceptable representation"),
    NOTICE_OUTDATED("notice-outdated", 409, "The notice is not the current one"),
    SUGGESTION_DISMISSED("suggestion-dismissed", 409, "The suggestion was dismissed"),
    CONSENT_DEPENDENCY("consent-dependency", 409, "A required purpose is not given"),
    PURGE_PENDING("purge-pending", 409, "The purge of the user's data has not finished yet"),
    IDEMPOTENCY_KEY_IN_USE(
            "idempotency-key-in-use", 409, "A request with this Idempotency-Key is still being processed"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    FILE_TOO_LARGE("file-too-large", 413, "The file is larger than the service accepts"),
    QUOTA_EXCEEDED("quota-exceeded", 413, "The file would exceed the storage quota"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "Unsupported media type"),
    IDEMPOTENCY_KEY_REUSED("idempotency-key-reused", 422, "This Idempotency-Key was used with another request"),
    INTERNAL_ERROR("internal-error", 500, "Internal error"),
    ACCESS_LOG_UNAVAILABLE("access-log-unavailable", 503, "The access could not be recorded, so no data is returned"),
    SERVICE_UNAVAILABLE("service-unavailable", 503, "Service unavailable"),
    // tus 1.0.0 (https://tus.io/protocols/resumable-upload): the statuses are the protocol's
    TUS_VERSION_UNSUPPORTED("tus-version-unsupported", 412, "Tus-Resumable must be 1.0.0"),
    OFFSET_MISMATCH("offset-mismatch", 409, "Upload-Offset is not where the upload stands"),
    UPLOAD_BUSY("upload-busy", 409, "Another request is writing to this upload"),
    CHECKSUM_MISMATCH("checksum-mismatch", 460, "The chunk does not match its Upload-Checksum"),
    CHECKSUM_ALGORITHM_UNSUPPORTED("checksum-algorithm-unsupported", 400, "Unsupported Upload-Checksum algorithm"),
    UPLOAD_GONE("upload-gone", 410, "The upload expired or was ended"),
    CONTENT_MISMATCH("content-mismatch", 422, "The file is not the one the manifest announced"),
    RATE_LIMITED("rate-limited", 429, "Too many requests of this kind; try again after Retry-After"),
    TOO_MANY_DEVICES("too-many-devices", 409, "The user has as many devices in use as allowed"),

    // RFC 9110 section 15.5.20: the Host names another authority than this service (DNS rebinding)
    MISDIRECTED_REQUEST("misdirected-request", 421, "The request is not addressed to this service"),

    UPLOAD_TOO_SLOW("upload-too-slow", 408, "The request body arrived below the minimum rate"),
    TOO_MANY_UPLOADS("too-many-uploads", 429, "Too many uploads of this user are streaming at once");

    /** Problem type URIs are this base plus the slug. */
    public static final String BASE_URI = "https://camroll.dev/problems/";

    private final String slug;

    private final HttpStatusCode status;

    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = HttpStatusCode.valueOf(status);
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public HttpStatusCode status() {
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
