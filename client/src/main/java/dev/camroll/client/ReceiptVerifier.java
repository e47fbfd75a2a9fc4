package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import dev.camroll.client.Consent.HistoryEntry;
import dev.camroll.client.Consent.Receipt;
import dev.camroll.client.Verification.EntryCheck;
import dev.camroll.client.Verification.Finding;
import dev.camroll.client.Verification.Kind;
import dev.camroll.client.Verification.ReceiptStatus;

/**
 * Checks a user's consent ledger without trusting the service, offline: the hash chain recomputed from the history
 * exactly as docs/architecture.md ("The hash chain") defines it, and every receipt's ES256 signature under the
 * service's published keys and its payload against its entry. Needs the keys once ({@link Consent#jwks()}, kept with
 * {@link Jwks#json()}); uses {@code java.security} and Gson only, so it runs on Android too. Thread-safe.
 *
 * <p>Given the transparency log's key ({@link Consent#logKey()}, pinned), it also checks each receipt's proof: the
 * entry's leaf recomputed from the history's hash and the salt, its inclusion path up to the checkpoint's root, and the
 * checkpoint's signature and origin. A ledger rewritten after its entries were logged fails here, however consistent
 * its recomputed chain. Every checkpoint seen must be consistent with the newest one seen, and with the one kept from
 * the last run ({@link LogView}).
 *
 * <pre>{@code
 * Consent consent = camroll.consent();
 * Consent.History history = consent.history();
 * Checkpoint newest = Checkpoint.open(consent.logCheckpoint(), logKey);
 * Verification result = new ReceiptVerifier(jwks, logKey)
 *         .verify("alice", history.entries(), consent.receipts(history.entries()),
 *                 new LogView(kept, newest, ConsistencyProofs.online(consent)));
 * result.findings().forEach(f -> System.out.println("seq " + f.seq() + ": " + f.message()));
 * Checkpoint keep = result.checkpointToKeep(); // for the next run, when not null
 * }</pre>
 */
public final class ReceiptVerifier {

    /** The prevHash of a user's first entry. */
    public static final String GENESIS_HASH = "0000000000000000000000000000000000000000000000000000000000000000";

    private final Jwks jwks;

    private final Map<String, PublicKey> keys = new HashMap<>();

    private final Map<String, String> unusableKeys = new HashMap<>();

    private final LogVerifierKey logKey;

    /** Verifies receipts with the service's keys; their log proofs are not checked. */
    public ReceiptVerifier(Jwks jwks) {
        this(jwks, null);
    }

    /** Verifies receipts with the service's keys and, with {@code logKey} (null: not), their log proofs. */
    public ReceiptVerifier(Jwks jwks, LogVerifierKey logKey) {
        this.jwks = Objects.requireNonNull(jwks, "jwks");
        this.logKey = logKey;
        for (Jwks.Key key : jwks.keys()) {
            try {
                keys.put(key.kid(), Es256.publicKey(key));
            } catch (IllegalArgumentException e) {
                unusableKeys.put(key.kid(), e.getMessage());
            }
        }
    }

    /**
     * Verifies the whole ledger of {@code subject} (the token's {@code sub}; the history does not repeat it) and a
     * receipt per entry: {@code receipts} are matched to entries by their {@code eventId}. With the log's key, the
     * receipts' proofs too, their checkpoints compared with each other only.
     */
    public Verification verify(String subject, List<HistoryEntry> history, List<Receipt> receipts) {
        return check(subject, history, receipts, logKey == null ? null : new LogView(null, null, null));
    }

    /**
     * {@link #verify(String, List, List)}, the receipts' checkpoints also compared with the log's newest and the one
     * kept from before, as {@code log} gives them. Needs the log's key.
     */
    public Verification verify(String subject, List<HistoryEntry> history, List<Receipt> receipts, LogView log) {
        if (logKey == null) {
            throw new IllegalStateException("checking the log needs its key: new ReceiptVerifier(jwks, logKey)");
        }
        return check(subject, history, receipts, Objects.requireNonNull(log, "log"));
    }

    /** Verifies the hash chain only; receipts are {@link ReceiptStatus#NOT_CHECKED}. */
    public Verification verifyChain(String subject, List<HistoryEntry> history) {
        return check(subject, history, null, null);
    }

    /**
     * The hash of an entry, recomputed: lower-case hex SHA-256 of its prevHash (ASCII) followed by the canonical JSON
     * of every non-null field but the two hashes, with the subject.
     */
    public static String entryHash(String subject, HistoryEntry entry) {
        Map<String, Object> canonical = new TreeMap<>();
        canonical.put("eventId", entry.eventId());
        canonical.put("subject", subject);
        canonical.put("seq", entry.seq());
        canonical.put("type", entry.type());
        putIfPresent(canonical, "purpose", entry.purpose());
        putIfPresent(canonical, "state", entry.state());
        putIfPresent(canonical, "noticeVersion", entry.noticeVersion());
        putIfPresent(canonical, "locale", entry.locale());
        // Embedded as its canonical text, a string: the ledger stores details as text.
        putIfPresent(canonical, "details", entry.details() == null ? null : CanonicalJson.write(entry.details()));
        putIfPresent(
                canonical,
                "actorKind",
                entry.actor() == null ? null : entry.actor().kind());
        putIfPresent(
                canonical,
                "actorId",
                entry.actor() == null ? null : entry.actor().id());
        putIfPresent(canonical, "reason", entry.reason());
        // Instant.toString(): the service hashes the instant as Java writes it (3, 6 or no fraction digits).
        putIfPresent(canonical, "occurredAt", entry.occurredAt());
        putIfPresent(canonical, "clientTime", entry.clientTime());
        putIfPresent(canonical, "method", entry.method());
        putIfPresent(canonical, "platform", entry.platform());
        putIfPresent(canonical, "appVersion", entry.appVersion());
        putIfPresent(canonical, "deviceId", entry.deviceId());
        String prevHash = entry.prevHash() == null ? "" : entry.prevHash();
        return CanonicalJson.sha256(prevHash, CanonicalJson.write(canonical));
    }

    /** The claims of a receipt (its JWS payload), without checking its signature. */
    public static Map<String, Object> claims(String jws) {
        return Compact.parse(jws).payload();
    }

    private Verification check(String subject, List<HistoryEntry> history, List<Receipt> receipts, LogView view) {
        Objects.requireNonNull(subject, "subject");
        List<Finding> findings = new ArrayList<>();
        List<EntryCheck> entries = new ArrayList<>();
        Map<String, Receipt> byEvent = new LinkedHashMap<>();
        if (receipts != null) {
            for (Receipt receipt : receipts) {
                byEvent.put(receipt.eventId(), receipt);
            }
        }
        LogChecks log = receipts == null || view == null ? null : new LogChecks(logKey, view, history, byEvent);
        long expectedSeq = 1;
        String previousHash = GENESIS_HASH;
        for (HistoryEntry entry : history) {
            int before = findings.size();
            if (entry.seq() != expectedSeq) {
                String what = entry.seq() > expectedSeq
                        ? (entry.seq() - expectedSeq == 1
                                ? "entry " + expectedSeq + " is missing before it"
                                : "entries " + expectedSeq + " to " + (entry.seq() - 1) + " are missing before it")
                        : "it repeats or goes back behind entry " + (expectedSeq - 1);
                findings.add(finding(
                        entry,
                        Kind.SEQ_GAP,
                        "its seq is " + entry.seq() + " where " + expectedSeq + " was due: " + what));
            }
            if (!previousHash.equals(entry.prevHash())) {
                findings.add(finding(
                        entry,
                        Kind.BROKEN_LINK,
                        "its prevHash " + abbreviate(entry.prevHash()) + " is not the hash of the entry before it ("
                                + abbreviate(previousHash) + ")"));
            }
            String recomputed = entryHash(subject, entry);
            if (!recomputed.equals(entry.hash())) {
                findings.add(finding(
                        entry,
                        Kind.HASH_MISMATCH,
                        "its content hashes to " + abbreviate(recomputed) + ", not to its stated hash "
                                + abbreviate(entry.hash()) + ": the entry was changed after it was written"
                                + " (or it belongs to another subject than " + subject + ")"));
            }
            boolean chainIntact = findings.size() == before;
            ReceiptStatus status = ReceiptStatus.NOT_CHECKED;
            if (receipts != null) {
                Receipt receipt = byEvent.remove(entry.eventId());
                if (receipt == null) {
                    status = ReceiptStatus.MISSING;
                    findings.add(finding(entry, Kind.RECEIPT_MISSING, "no receipt was given for this entry"));
                } else {
                    List<Finding> problems = new ArrayList<>(checkReceipt(subject, entry, receipt.jws()));
                    if (log != null) {
                        problems.addAll(log.check(entry, receipt));
                    }
                    status = !problems.isEmpty()
                            ? ReceiptStatus.INVALID
                            : log != null && receipt.proof() != null ? ReceiptStatus.PROVEN : ReceiptStatus.VALID;
                    findings.addAll(problems);
                }
            }
            entries.add(new EntryCheck(entry.seq(), entry.eventId(), chainIntact, status));
            previousHash = entry.hash() == null ? "" : entry.hash();
            // Go on from the entry as it stands, so one gap is one finding, not one for every later entry.
            expectedSeq = entry.seq() + 1;
        }
        for (Receipt stray : byEvent.values()) {
            long seq = 0;
            try {
                Object claimed = claims(stray.jws()).get("seq");
                seq = claimed instanceof Number number ? number.longValue() : 0;
            } catch (IllegalArgumentException unreadable) {
                // reported below all the same
            }
            findings.add(new Finding(
                    seq,
                    stray.eventId(),
                    Kind.RECEIPT_WITHOUT_ENTRY,
                    "a receipt for event " + stray.eventId() + (seq > 0 ? " (seq " + seq + ")" : "")
                            + " whose entry is not in the history: an entry was removed, or the receipt is not"
                            + " this user's"));
        }
        if (log != null) {
            findings.addAll(log.log());
        }
        findings.sort(Comparator.comparingLong(Finding::seq));
        Long firstInvalid = findings.stream()
                .filter(f -> f.eventId() != null)
                .map(Finding::seq)
                .findFirst()
                .orElse(null);
        String head = history.isEmpty()
                ? GENESIS_HASH
                : history.get(history.size() - 1).hash();
        return new Verification(
                findings.isEmpty(),
                history.size(),
                head,
                firstInvalid,
                entries,
                findings,
                log == null ? null : log.summary());
    }

    /** The problems of one entry's receipt: its form, its signature, then (when signed by us) its claims. */
    private List<Finding> checkReceipt(String subject, HistoryEntry entry, String jws) {
        Compact compact;
        try {
            compact = Compact.parse(jws);
        } catch (IllegalArgumentException e) {
            return List.of(finding(entry, Kind.RECEIPT_MALFORMED, "its receipt is unreadable: " + e.getMessage()));
        }
        if (!"ES256".equals(compact.header().get("alg"))) {
            return List.of(finding(
                    entry,
                    Kind.RECEIPT_MALFORMED,
                    "its receipt is signed with " + compact.header().get("alg") + ", not ES256"));
        }
        Object kid = compact.header().get("kid");
        PublicKey key = keys.get(kid == null ? null : String.valueOf(kid));
        if (key == null) {
            String why = unusableKeys.containsKey(kid)
                    ? "the key set's key " + kid + " is unusable: " + unusableKeys.get(kid)
                    : "the key set (" + jwks.keys().size() + " keys) has no key " + kid;
            return List.of(
                    finding(entry, Kind.UNKNOWN_KEY, "its receipt names a key the service does not publish: " + why));
        }
        if (!Es256.verify(key, compact.signingInput(), compact.signature())) {
            return List.of(finding(
                    entry,
                    Kind.BAD_SIGNATURE,
                    "its receipt's signature does not verify under the service's key " + kid
                            + ": someone else signed it, or it was altered"));
        }
        List<String> differences = differences(subject, entry, compact.payload());
        if (differences.isEmpty()) {
            return List.of();
        }
        return List.of(finding(entry, Kind.RECEIPT_MISMATCH, "its receipt states " + String.join("; ", differences)));
    }

    /** Where the receipt's claims and the entry disagree, as phrases like {@code state WITHDRAWN, not GIVEN}. */
    private static List<String> differences(String subject, HistoryEntry entry, Map<String, Object> claims) {
        List<String> differences = new ArrayList<>();
        compare(differences, "receiptId", claims.get("receiptId"), entry.eventId());
        compare(differences, "subject", claims.get("subject"), subject);
        compare(differences, "type", claims.get("type"), entry.type());
        compare(differences, "purpose", claims.get("purpose"), entry.purpose());
        compare(differences, "state", claims.get("state"), entry.state());
        compare(differences, "noticeVersion", claims.get("noticeVersion"), entry.noticeVersion());
        compare(differences, "seq", number(claims.get("seq")), entry.seq());
        compare(differences, "prevHash", claims.get("prevHash"), entry.prevHash());
        compare(differences, "hash", claims.get("hash"), entry.hash());
        compare(differences, "reason", claims.get("reason"), entry.reason());
        compare(differences, "occurredAt", instant(claims.get("occurredAt")), entry.occurredAt());
        Object actor = claims.get("actor");
        if (actor instanceof Map<?, ?> stated) {
            compare(
                    differences,
                    "actor kind",
                    stated.get("kind"),
                    entry.actor() == null ? null : entry.actor().kind());
            compare(
                    differences,
                    "actor id",
                    stated.get("id"),
                    entry.actor() == null ? null : entry.actor().id());
        } else {
            differences.add("no actor");
        }
        Object details = claims.get("details");
        String stated = details == null ? null : CanonicalJson.write(details);
        String shown = entry.details() == null ? null : CanonicalJson.write(entry.details());
        compare(differences, "details", stated, shown);
        return differences;
    }

    private static void compare(List<String> differences, String name, Object stated, Object shown) {
        if (!Objects.equals(stated, shown)) {
            differences.add(name + " " + (stated == null ? "(none)" : stated) + " where the history shows "
                    + (shown == null ? "(none)" : shown));
        }
    }

    private static Object number(Object value) {
        return value instanceof Number number ? (Object) number.longValue() : value;
    }

    private static Object instant(Object value) {
        if (value instanceof String text) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return text;
            }
        }
        return value;
    }

    private static Finding finding(HistoryEntry entry, Kind kind, String message) {
        return new Finding(entry.seq(), entry.eventId(), kind, message);
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value instanceof Instant instant ? instant.toString() : value);
        }
    }

    private static String abbreviate(String hash) {
        return hash == null ? "(none)" : hash.length() > 12 ? hash.substring(0, 12) + "..." : hash;
    }

    /** A compact JWS (RFC 7515 section 7.1): header, payload and signature, base64url, joined by dots. */
    private record Compact(
            Map<String, Object> header, Map<String, Object> payload, byte[] signingInput, byte[] signature) {

        private static final TypeToken<Map<String, Object>> OBJECT = new TypeToken<>() {};

        static Compact parse(String jws) {
            if (jws == null) {
                throw new IllegalArgumentException("no JWS");
            }
            String[] parts = jws.trim().split("\\.", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("a compact JWS has 3 parts, this one " + parts.length);
            }
            try {
                Base64.Decoder base64url = Base64.getUrlDecoder();
                return new Compact(
                        object(base64url.decode(parts[0]), "header"),
                        object(base64url.decode(parts[1]), "payload"),
                        (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII),
                        base64url.decode(parts[2]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not base64url: " + e.getMessage(), e);
            }
        }

        private static Map<String, Object> object(byte[] json, String part) {
            try {
                Map<String, Object> object = Json.read(json, OBJECT.getType());
                if (object == null) {
                    throw new IllegalArgumentException("the " + part + " is empty");
                }
                return object;
            } catch (JsonParseException | IllegalStateException e) {
                throw new IllegalArgumentException("the " + part + " is not a JSON object", e);
            }
        }
    }
}
