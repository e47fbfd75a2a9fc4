package dev.camroll.consent.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.consent.Actor;
import dev.camroll.consent.ConsentState;
import dev.camroll.consent.ConsentViews;
import dev.camroll.consent.Purpose;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.hibernate.annotations.Immutable;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * One entry of a user's consent ledger. Entries are created only by {@link #next} (which links them into the
 * chain) and never change: {@code hash = SHA-256(prevHash || canonical bytes)}, where prevHash is its 64
 * lowercase hex characters and the canonical bytes are the UTF-8 JSON object of every non-null field other
 * than the two hashes, keys sorted, no whitespace, instants in ISO-8601 UTC at microsecond precision.
 */
@Entity
@Immutable
@Table(name = "consent_events")
class ConsentEvent {

    static final String GENESIS_HASH = "0".repeat(64);

    private static final JsonMapper CANONICAL = JsonMapper.builder().build();

    enum Type {
        CONSENT,
        DATA_PURGED
    }

    /** What a new entry says; the ledger adds identity, position and time. */
    record Draft(
            Type type,
            @Nullable Purpose purpose,
            @Nullable ConsentState state,
            @Nullable String noticeVersion,
            @Nullable String locale,
            @Nullable Map<String, Object> details,
            Actor actor,
            @Nullable String reason,
            ConsentViews.Circumstances circumstances) {

        static Draft consent(Purpose purpose, ConsentState state, String noticeVersion, Actor actor) {
            return new Draft(
                    Type.CONSENT,
                    purpose,
                    state,
                    noticeVersion,
                    null,
                    null,
                    actor,
                    null,
                    ConsentViews.Circumstances.NONE);
        }

        /** What a finished purge of the data {@code purpose} allowed deleted (counts, digest of the keys). */
        static Draft purged(Purpose purpose, Map<String, Object> details) {
            return new Draft(
                    Type.DATA_PURGED,
                    purpose,
                    null,
                    null,
                    null,
                    details,
                    Actor.system(),
                    null,
                    ConsentViews.Circumstances.NONE);
        }

        /** What the app said about the decision; the locale recorded is the language of the notice. */
        Draft with(ConsentViews.Circumstances circumstances, @Nullable String locale) {
            return new Draft(type, purpose, state, noticeVersion, locale, details, actor, reason, circumstances);
        }

        Draft withReason(String reason) {
            return new Draft(type, purpose, state, noticeVersion, locale, details, actor, reason, circumstances);
        }

        Draft withDetails(Map<String, Object> details) {
            return new Draft(type, purpose, state, noticeVersion, locale, details, actor, reason, circumstances);
        }

        /**
         * The ledger's own rules, whoever builds the entry: only the user gives consent; support and the system only
         * ever withdraw; only the system records purges.
         */
        void check() {
            boolean allowed = switch (type) {
                case CONSENT ->
                    purpose != null
                            && (state == ConsentState.GIVEN
                                    ? actor.kind() == Actor.Kind.USER && noticeVersion != null
                                    : state == ConsentState.WITHDRAWN);
                case DATA_PURGED -> actor.kind() == Actor.Kind.SYSTEM && state == null;
            };
            if (!allowed) {
                throw new IllegalArgumentException(
                        "the consent ledger refuses " + type + " " + state + " by " + actor.kind());
            }
        }
    }

    @Id
    @Column(name = "event_id")
    private UUID eventId;

    private String subject;

    private long seq;

    @Enumerated(EnumType.STRING)
    private Type type;

    private @Nullable String purpose;

    @Enumerated(EnumType.STRING)
    private @Nullable ConsentState state;

    @Column(name = "notice_version")
    private @Nullable String noticeVersion;

    private @Nullable String locale;

    private @Nullable String details;

    @Enumerated(EnumType.STRING)
    @Column(name = "actor_kind")
    private Actor.Kind actorKind;

    @Column(name = "actor_id")
    private @Nullable String actorId;

    private @Nullable String reason;

    @Column(name = "occurred_at")
    private Instant occurredAt;

    @Column(name = "client_time")
    private @Nullable Instant clientTime;

    private @Nullable String method;

    private @Nullable String platform;

    @Column(name = "app_version")
    private @Nullable String appVersion;

    @Column(name = "device_id")
    private @Nullable String deviceId;

    @Column(name = "prev_hash")
    private String prevHash;

    private String hash;

    protected ConsentEvent() {
        // for JPA
    }

    /** The entry that follows {@code head} ({@link LatestDecisions.Head#GENESIS} for a user's first). */
    static ConsentEvent next(String subject, LatestDecisions.Head head, Draft draft, Instant now) {
        draft.check();
        ConsentEvent event = new ConsentEvent();
        event.eventId = Ids.newId();
        event.subject = subject;
        event.seq = head.seq() + 1;
        event.type = draft.type();
        event.purpose = draft.purpose() == null ? null : draft.purpose().slug();
        event.state = draft.state();
        event.noticeVersion = draft.noticeVersion();
        event.locale = draft.locale();
        event.details = draft.details() == null ? null : CANONICAL.writeValueAsString(new TreeMap<>(draft.details()));
        event.actorKind = draft.actor().kind();
        event.actorId = draft.actor().id();
        event.reason = draft.reason();
        // The database keeps microseconds; hash exactly what will be read back.
        event.occurredAt = now.truncatedTo(ChronoUnit.MICROS);
        ConsentViews.Circumstances circumstances = draft.circumstances();
        event.clientTime = circumstances.clientTime() == null
                ? null
                : circumstances.clientTime().truncatedTo(ChronoUnit.MICROS);
        event.method = circumstances.method();
        event.platform = circumstances.platform();
        event.appVersion = circumstances.appVersion();
        event.deviceId = circumstances.deviceId();
        event.prevHash = head.hash();
        event.hash = event.computeHash();
        return event;
    }

    /** Recomputes the hash from the stored fields; differs from {@link #hash()} if any field was altered. */
    String computeHash() {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("eventId", eventId.toString());
        canonical.put("subject", subject);
        canonical.put("seq", seq);
        canonical.put("type", type.name());
        putIfPresent(canonical, "purpose", purpose);
        putIfPresent(canonical, "state", state == null ? null : state.name());
        putIfPresent(canonical, "noticeVersion", noticeVersion);
        putIfPresent(canonical, "locale", locale);
        putIfPresent(canonical, "details", details);
        canonical.put("actorKind", actorKind.name());
        putIfPresent(canonical, "actorId", actorId);
        putIfPresent(canonical, "reason", reason);
        canonical.put("occurredAt", occurredAt.toString());
        putIfPresent(canonical, "clientTime", clientTime == null ? null : clientTime.toString());
        putIfPresent(canonical, "method", method);
        putIfPresent(canonical, "platform", platform);
        putIfPresent(canonical, "appVersion", appVersion);
        putIfPresent(canonical, "deviceId", deviceId);
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prevHash.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha256.digest(CANONICAL.writeValueAsBytes(canonical)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void putIfPresent(Map<String, Object> map, String key, @Nullable Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }

    boolean isGiven() {
        return state == ConsentState.GIVEN;
    }

    UUID eventId() {
        return eventId;
    }

    String subject() {
        return subject;
    }

    long seq() {
        return seq;
    }

    Type type() {
        return type;
    }

    @Nullable
    Purpose purpose() {
        return purpose == null ? null : Purpose.fromSlug(purpose).orElseThrow();
    }

    @Nullable
    ConsentState state() {
        return state;
    }

    @Nullable
    String noticeVersion() {
        return noticeVersion;
    }

    @Nullable
    String locale() {
        return locale;
    }

    /** The details object as canonical JSON text, or null. */
    @Nullable
    String details() {
        return details;
    }

    Actor actor() {
        return new Actor(actorKind, actorId);
    }

    @Nullable
    String reason() {
        return reason;
    }

    Instant occurredAt() {
        return occurredAt;
    }

    @Nullable
    Instant clientTime() {
        return clientTime;
    }

    @Nullable
    String method() {
        return method;
    }

    @Nullable
    String platform() {
        return platform;
    }

    @Nullable
    String appVersion() {
        return appVersion;
    }

    @Nullable
    String deviceId() {
        return deviceId;
    }

    String prevHash() {
        return prevHash;
    }

    String hash() {
        return hash;
    }
}
