package dev.camroll.consent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** The shapes the consent API answers with (contract section Consent). */
public final class ConsentViews {

    private ConsentViews() {}

    /** One purpose's current state for a user; {@code upToDate} says the given notice is the current text. */
    public record PurposeStatus(
            Purpose purpose,
            ConsentState state,
            @Schema(nullable = true) String noticeVersion,
            boolean upToDate,
            @Schema(nullable = true) Instant changedAt,
            @Schema(nullable = true) UUID eventId) {}

    public record Status(List<PurposeStatus> purposes) {}

    /** A signed receipt of one ledger entry. */
    public record Receipt(UUID eventId, String jws) {}

    /** The answer to a decision: the purpose's state after it and the receipt of the entry that holds it. */
    public record Decision(
            Purpose purpose,
            ConsentState state,
            @Schema(nullable = true) String noticeVersion,
            UUID eventId,
            Instant changedAt,
            Receipt receipt) {}

    /** One ledger entry as shown to the user and to support. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(
            UUID eventId,
            long seq,
            String type,
            Purpose purpose,
            ConsentState state,
            String noticeVersion,
            String locale,
            Map<String, Object> details,
            Actor actor,
            Instant occurredAt,
            Instant clientTime,
            String method,
            String platform,
            String appVersion,
            String deviceId,
            String reason,
            String prevHash,
            String hash) {}

    public record History(
            List<HistoryEntry> items,
            @Schema(nullable = true) String nextCursor,
            ChainVerification chain) {}

    /** What the app says about the circumstances of a decision; stored with the entry. */
    public record Circumstances(
            String locale, Instant clientTime, String method, String platform, String appVersion, String deviceId) {

        static final Circumstances NONE = new Circumstances(null, null, null, null, null, null);
    }
}
