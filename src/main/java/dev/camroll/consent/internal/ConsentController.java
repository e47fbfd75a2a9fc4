package dev.camroll.consent.internal;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.camroll.api.Examples;
import dev.camroll.api.Ids;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.api.PlausibleTime;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ConsentService;
import dev.camroll.consent.ConsentState;
import dev.camroll.consent.ConsentViews.Circumstances;
import dev.camroll.consent.ConsentViews.Decision;
import dev.camroll.consent.ConsentViews.History;
import dev.camroll.consent.ConsentViews.Receipt;
import dev.camroll.consent.ConsentViews.Status;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The user's side of consent (contract section Consent). */
@RestController
@Tag(
        name = "consent",
        description = "Purposes, notices, the caller's decisions, the hash-chained ledger and its signed receipts")
class ConsentController {

    static final String LOCALE_TAG = "[A-Za-z]{1,8}([-_][A-Za-z0-9]{1,8}){0,3}";

    /** A notice text as shown to the user. */
    record PurposeNotice(
            Purpose purpose,
            String title,
            String description,
            List<Purpose> requires,
            String noticeVersion,
            String noticeText,
            String locale) {

        static PurposeNotice of(Notice notice) {
            return new PurposeNotice(
                    notice.purpose(),
                    notice.title(),
                    notice.description(),
                    notice.purpose().requires(),
                    notice.version(),
                    notice.text(),
                    notice.locale());
        }
    }

    /** Any notice text ever published, looked up by version. */
    record PublishedNotice(
            Purpose purpose,
            String title,
            String description,
            String noticeVersion,
            String noticeText,
            String locale,
            Instant publishedAt,
            boolean current) {}

    enum Choice {
        GIVEN,
        WITHDRAWN
    }

    record DecisionRequest(
            @NotNull Choice state,
            @Pattern(regexp = "[0-9a-f]{64}") @Nullable String noticeVersion,

            @Size(max = 35) @Pattern(regexp = LOCALE_TAG) @Nullable
            String locale,

            @PlausibleTime @Nullable Instant clientTime,
            @Size(max = 64) @Nullable String method,
            @Size(max = 32) @Nullable String platform,
            @Size(max = 64) @Nullable String appVersion,

            @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") @Nullable
            String deviceId) {}

    private final ConsentService consent;

    private final Notices notices;

    private final AccessLog accessLog;

    private final ReceiptSigner receipts;

    ConsentController(ConsentService consent, Notices notices, AccessLog accessLog, ReceiptSigner receipts) {
        this.consent = consent;
        this.notices = notices;
        this.accessLog = accessLog;
        this.receipts = receipts;
    }

    @GetMapping("/v1/consent/purposes")
    @Operation(
            operationId = "listPurposes",
            summary = "The purposes with their current notice in the requested language (English fallback)")
    @Examples(response = ConsentExamples.PURPOSES)
    List<PurposeNotice> purposes(
            @RequestParam(required = false) @Size(max = 35) @Pattern(regexp = LOCALE_TAG) @Nullable String locale,
            @RequestHeader(value = HttpHeaders.ACCEPT_LANGUAGE, required = false) @Nullable String acceptLanguage) {
        String wanted = locale != null ? locale : firstLanguage(acceptLanguage);
        return Arrays.stream(Purpose.values())
                .map(p -> PurposeNotice.of(notices.current(p, wanted)))
                .toList();
    }

    @GetMapping("/v1/consent/notices/{noticeVersion}")
    @ProblemResponses({"not-found"})
    @Operation(operationId = "getNotice", summary = "Any notice text ever shown, by its version (SHA-256 of the text)")
    @Examples(response = ConsentExamples.NOTICE)
    PublishedNotice notice(@PathVariable String noticeVersion) {
        Notice notice = notices.find(noticeVersion)
                .orElseThrow(
                        () -> ProblemException.notFound("No notice with version '" + abbreviate(noticeVersion) + "'."));
        return new PublishedNotice(
                notice.purpose(),
                notice.title(),
                notice.description(),
                notice.version(),
                notice.text(),
                notice.locale(),
                notice.publishedAt(),
                notices.isCurrent(notice.purpose(), notice.version()));
    }

    @GetMapping("/v1/consent")
    @Operation(operationId = "getConsent", summary = "The caller's current state per purpose")
    @Examples(response = ConsentExamples.STATUS)
    Status status(Caller caller) {
        return new Status(consent.status(caller.user()));
    }

    @PutMapping("/v1/consent/{purpose}")
    @ProblemResponses({"not-found", "notice-outdated", "consent-dependency", "purge-pending"})
    @Examples(request = ConsentExamples.DECISION_REQUEST, response = ConsentExamples.DECISION)
    @Operation(
            operationId = "decideConsent",
            summary = "Give or withdraw a purpose; answers the entry's signed receipt with its proof in the log",
            description =
                    "GIVEN needs the "
                            + "current notice (409 notice-outdated) and the purposes it requires (409 consent-dependency). Withdrawing "
                            + "cloud_processing also withdraws its dependants and purges the user's data; until that purge has finished "
                            + "(its DATA_PURGED entry is in the history), giving consent again is 409 purge-pending with Retry-After.")
    Decision decide(Caller caller, @PathVariable Purpose purpose, @Valid @RequestBody DecisionRequest request) {
        Decision decision = consent.decide(
                caller.user(),
                purpose,
                ConsentState.valueOf(request.state().name()),
                request.noticeVersion(),
                new Circumstances(
                        request.locale(),
                        request.clientTime(),
                        request.method(),
                        request.platform(),
                        request.appVersion(),
                        request.deviceId()));
        return decision.withReceipt(consent.proven(decision.receipt()));
    }

    @GetMapping("/v1/consent/history")
    @Operation(
            operationId = "getConsentHistory",
            summary = "The caller's consent ledger, oldest first, with the chain verified")
    @Examples(response = ConsentExamples.HISTORY)
    History history(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_LIMIT) @Nullable Integer limit) {
        return consent.history(caller.user(), PageQuery.of(cursor, limit));
    }

    @GetMapping("/v1/consent/receipts/{eventId}")
    @ProblemResponses({"not-found"})
    @Operation(
            operationId = "getReceipt",
            summary = "The signed receipt of one of the caller's ledger entries, with its inclusion proof in the log")
    @Examples(response = ConsentExamples.RECEIPT)
    Receipt receipt(Caller caller, @PathVariable String eventId) {
        return consent.receipt(caller.user(), Ids.parse(eventId, "consent event"))
                .map(consent::proven)
                .orElseThrow(() -> ProblemException.notFound("No consent event with id '" + eventId + "'."));
    }

    @GetMapping("/v1/consent/receipts/jwks.json")
    @Operation(operationId = "getReceiptKeys", summary = "The keys that verify receipts (no authentication)")
    @Examples(response = ConsentExamples.JWKS)
    @SecurityRequirements
    Map<String, Object> jwks() {
        return receipts.jwks();
    }

    @GetMapping("/v1/me/access-log")
    @Operation(operationId = "getMyAccessLog", summary = "Staff accesses to the caller's data, newest first")
    @Examples(response = ConsentExamples.MY_ACCESS_LOG)
    Page<AccessLog.Entry> accessLog(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_LIMIT) @Nullable Integer limit) {
        return accessLog.forUser(caller.user(), PageQuery.of(cursor, limit));
    }

    private static @Nullable String firstLanguage(@Nullable String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return null;
        }
        try {
            var ranges = Locale.LanguageRange.parse(acceptLanguage);
            return ranges.isEmpty() ? null : ranges.get(0).getRange();
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
