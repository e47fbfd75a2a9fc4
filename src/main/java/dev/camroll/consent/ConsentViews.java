package dev.camroll.consent;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** The shapes the consent API answers with (contract section Consent). */
public final class ConsentViews {

    private ConsentViews() {}

    /** One purpose's current state for a user; {@code upToDate} says the given notice is the current text. */
    public record PurposeStatus(
            Purpose purpose,
            ConsentState state,
            @Schema(nullable = true) @Nullable String noticeVersion,
            boolean upToDate,
            @Schema(nullable = true) @Nullable Instant changedAt,
            @Schema(nullable = true) @Nullable UUID eventId) {}

    public record Status(List<PurposeStatus> purposes) {}

    /**
     * A signed receipt of one ledger entry, with the entry's inclusion proof in the transparency log (a C2SP tlog-proof
     * whose extra data is the user's salt) once a checkpoint covers it.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Receipt(
            UUID eventId,
            String jws,

            @Schema(
                    nullable = true,
                    description = "C2SP tlog-proof of the entry in the transparency log: `extra` is the base64 "
                            + "salt, the leaf's data HMAC-SHA256(salt, the entry's hash)")
            @Nullable
            String proof) {

        public Receipt(UUID eventId, String jws) {
            this(eventId, jws, null);
        }

        public Receipt withProof(@Nullable String proof) {
            return new Receipt(eventId, jws, proof);
        }
    }

    /** The answer to a decision: the purpose's state after it and the receipt of the entry that holds it. */
    public record Decision(
            Purpose purpose,
            ConsentState state,
            @Schema(nullable = true) @Nullable String noticeVersion,
            UUID eventId,
            Instant changedAt,
            Receipt receipt) {

        public Decision withReceipt(Receipt receipt) {
            return new Decision(purpose, state, noticeVersion, eventId, changedAt, receipt);
        }
    }

    /** One ledger entry as shown to the user and to support. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record HistoryEntry(
            UUID eventId,
            long seq,
            String type,
            @Nullable Purpose purpose,
            @Nullable ConsentState state,
            @Nullable String noticeVersion,
            @Nullable String locale,
            @Nullable Map<String, Object> details,
            Actor actor,
            Instant occurredAt,
            @Nullable Instant clientTime,
            @Nullable String method,
            @Nullable String platform,
            @Nullable String appVersion,
            @Nullable String deviceId,
            @Nullable String reason,
            String prevHash,
            String hash) {}

    public record History(
            List<HistoryEntry> items,
            @Schema(nullable = true) @Nullable String nextCursor,
            ChainVerification chain) {}

    /** What the app says about the circumstances of a decision; stored with the entry. */
    public record Circumstances(
            @Nullable String locale,
            @Nullable Instant clientTime,
            @Nullable String method,
            @Nullable String platform,
            @Nullable String appVersion,
            @Nullable String deviceId) {

        /** No circumstances: what the system and support record. */
        public static final Circumstances NONE = new Circumstances(null, null, null, null, null, null);
    }
}
