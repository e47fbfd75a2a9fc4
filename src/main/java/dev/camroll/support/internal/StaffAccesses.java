package dev.camroll.support.internal;

import dev.camroll.consent.AccessLog;
import dev.camroll.identity.Subject;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UrlPathHelper;

/**
 * Writes a staff member's look at a user's data to the access log, for the support API and the console alike,
 * before anything is read. Fail closed: if the entry cannot be committed, {@link AccessNotRecordedException} stops
 * the request, so nothing is read and nothing is shown.
 */
@Component
class StaffAccesses {

    private static final Logger log = LoggerFactory.getLogger(StaffAccesses.class);

    private static final int MAX_RESOURCE_LENGTH = 300;

    private final AccessLog accessLog;

    StaffAccesses(AccessLog accessLog) {
        this.accessLog = accessLog;
    }

    /**
     * Records that {@code staffId} accesses {@code userId}'s data (null for a look at the access log itself) for
     * {@code reason}, at the request's method and path.
     */
    void record(String staffId, @Nullable String userId, String reason, HttpServletRequest request) {
        // Decoded, as the request was routed: /v1/%73upport/... is logged as /v1/support/...
        String resource = request.getMethod() + " " + UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        try {
            accessLog.record(
                    staffId,
                    userId == null ? null : Subject.of(userId),
                    reason,
                    resource.length() > MAX_RESOURCE_LENGTH ? resource.substring(0, MAX_RESOURCE_LENGTH) : resource);
        } catch (RuntimeException e) {
            log.error("Access by {} to {} not recorded; refusing it", staffId, resource, e);
            throw new AccessNotRecordedException(e);
        }
    }

    /** The access could not be written to the access log, so it must not happen. */
    static final class AccessNotRecordedException extends RuntimeException {

        AccessNotRecordedException(Throwable cause) {
            super("the access could not be recorded", cause);
        }
    }
}
