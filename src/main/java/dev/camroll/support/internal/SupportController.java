package dev.camroll.support.internal;

import java.util.List;

import dev.camroll.api.Examples;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ChainVerification;
import dev.camroll.consent.ConsentService;
import dev.camroll.consent.ConsentViews.Decision;
import dev.camroll.consent.ConsentViews.HistoryEntry;
import dev.camroll.consent.ConsentViews.PurposeStatus;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Caller;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.support.SupportProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The support API (role {@code support}; the access-log query is {@code admin} only). */
@RestController
@Tag(
        name = "support",
        description =
                "Read-only look-ups for staff (role support) with a stated reason, and revoking on a user's behalf")
class SupportController {

    private static final String ACCESS_REASON =
            "Why the staff member looks (at least 10 characters, e.g. TICKET-4711 uploads stopped); it is written to the "
                    + "access log before any data is returned";

    record UserConsent(
            String userId, List<PurposeStatus> purposes, List<HistoryEntry> history, ChainVerification chain) {}

    record RevokeRequest(
            @NotBlank @Size(min = AccessReasons.MIN_LENGTH, max = AccessReasons.MAX_LENGTH)
            String reason) {}

    private final ConsentService consent;

    private final AccessLog accessLog;

    private final StaffAccesses accesses;

    private final UserAccounts accounts;

    SupportController(ConsentService consent, AccessLog accessLog, StaffAccesses accesses, UserAccounts accounts) {
        this.consent = consent;
        this.accessLog = accessLog;
        this.accesses = accesses;
        this.accounts = accounts;
    }

    @GetMapping("/v1/support/users/{userId}/consent")
    @ProblemResponses({"access-reason-required", "forbidden", "not-found", "access-log-unavailable"})
    @Examples(response = SupportExamples.USER_CONSENT)
    @Operation(
            operationId = "getUserConsentForSupport",
            summary = "A user's consent state, full history and chain verification",
            parameters =
                    @Parameter(
                            name = AccessReasons.HEADER,
                            in = ParameterIn.HEADER,
                            required = true,
                            description = ACCESS_REASON,
                            schema = @Schema(type = "string")))
    UserConsent userConsent(Caller staff, HttpServletRequest request, @PathVariable String userId) {
        String reason = AccessReasons.of(request);
        checkUserId(userId);
        recordAccess(staff, userId, reason, request);
        requireKnown(userId);
        ConsentService.Snapshot snapshot = consent.snapshot(Subject.of(userId));
        return new UserConsent(userId, snapshot.purposes(), snapshot.history(), snapshot.chain());
    }

    @PostMapping("/v1/support/users/{userId}/consent/{purpose}/revoke")
    @ProblemResponses({"access-reason-required", "forbidden", "not-found", "access-log-unavailable"})
    @Examples(request = SupportExamples.REVOKE_REQUEST, response = SupportExamples.REVOKED)
    @Operation(
            operationId = "revokeConsentForUser",
            summary = "Withdraw a purpose on the user's behalf (actor SUPPORT)",
            parameters =
                    @Parameter(
                            name = AccessReasons.HEADER,
                            in = ParameterIn.HEADER,
                            required = true,
                            description = ACCESS_REASON,
                            schema = @Schema(type = "string")))
    Decision revoke(
            Caller staff,
            HttpServletRequest request,
            @PathVariable String userId,
            @PathVariable Purpose purpose,
            @Valid @RequestBody RevokeRequest body) {
        String reason = AccessReasons.of(request);
        checkUserId(userId);
        recordAccess(staff, userId, reason, request);
        requireKnown(userId);
        Decision decision = consent.revokeOnBehalf(Subject.of(userId), purpose, staff.subject(), body.reason());
        return decision.withReceipt(consent.proven(decision.receipt()));
    }

    @GetMapping("/v1/support/access-log")
    @ProblemResponses({"access-reason-required", "forbidden", "access-log-unavailable"})
    @Examples(response = SupportExamples.ACCESS_LOG)
    @Operation(
            operationId = "listAccessLog",
            summary = "The access log, filtered by user and/or staff member, newest first (admin only)",
            parameters =
                    @Parameter(
                            name = AccessReasons.HEADER,
                            in = ParameterIn.HEADER,
                            required = true,
                            description = ACCESS_REASON,
                            schema = @Schema(type = "string")))
    Page<AccessLog.Entry> accessLog(
            Caller admin,
            HttpServletRequest request,
            @RequestParam(required = false) @Size(max = 128) @Nullable String userId,
            @RequestParam(required = false) @Size(max = 128) @Nullable String staffId,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_LIMIT) @Nullable Integer limit) {
        PageQuery query = PageQuery.of(cursor, limit);
        String user = blankToNull(userId);
        recordAccess(admin, user, AccessReasons.of(request), request);
        return accessLog.search(user == null ? null : Subject.of(user), blankToNull(staffId), query);
    }

    private static @Nullable String blankToNull(@Nullable String filter) {
        return filter == null || filter.isBlank() ? null : filter;
    }

    private static void checkUserId(String userId) {
        if (userId.length() > 128) {
            throw ProblemException.invalid("userId", "'userId' must be 1 to 128 characters.");
        }
    }

    /** Fail closed: if the access cannot be written, nothing is read and nothing is returned. */
    private void recordAccess(Caller staff, @Nullable String userId, String reason, HttpServletRequest request) {
        try {
            accesses.record(staff.subject(), userId, reason, request);
        } catch (StaffAccesses.AccessNotRecordedException e) {
            throw new ProblemException(
                    SupportProblem.ACCESS_LOG_UNAVAILABLE,
                    "The access could not be recorded, so no data is returned. Try again later.",
                    e);
        }
    }

    private void requireKnown(String userId) {
        if (accounts.find(Subject.of(userId)).isEmpty()) {
            throw ProblemException.notFound("No user '" + userId + "'.");
        }
    }
}
