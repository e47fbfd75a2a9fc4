package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.reflect.TypeToken;

/** The user's consent: purposes and notices, the current state, decisions, history and receipts. */
public final class Consent {

    static final int MAX_LIMIT = 200;

    private final Http http;

    Consent(Http http) {
        this.http = http;
    }

    /** The purposes with their current notices in {@code locale} (English when the service has no such text). */
    public List<Purpose> purposes(String locale) {
        return http.get(Http.path("/v1/consent/purposes", "locale", locale), new TypeToken<List<Purpose>>() {});
    }

    /** The user's state for every purpose. */
    public List<PurposeState> state() {
        return http.get("/v1/consent", States.class).purposes();
    }

    /** Gives {@code purpose} under the notice the user was shown ({@link Purpose#noticeVersion()}). */
    public Decision give(String purpose, String noticeVersion, String locale) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("state", "GIVEN");
        body.put("noticeVersion", noticeVersion);
        body.put("locale", locale);
        return decide(purpose, body);
    }

    /** Withdraws {@code purpose} (and what depends on it); the service purges what it allowed. */
    public Decision withdraw(String purpose) {
        return decide(purpose, Map.of("state", "WITHDRAWN"));
    }

    /**
     * One page of the user's ledger, oldest first, with the service's verification of the chain. {@code cursor} null
     * for the first page; {@code limit} null for the service's default (50; at most 200).
     */
    public HistoryPage history(String cursor, Integer limit) {
        return http.get(Http.path("/v1/consent/history", "cursor", cursor, "limit", limit), HistoryPage.class);
    }

    /** The user's whole ledger, page after page; the chain as the service verified it, over all of it. */
    public History history() {
        List<HistoryEntry> entries = new ArrayList<>();
        Chain chain = null;
        boolean valid = true;
        Long firstInvalidSeq = null;
        String cursor = null;
        do {
            HistoryPage page = history(cursor, MAX_LIMIT);
            entries.addAll(page.items());
            // Each page's chain speaks for the ledger as far as the service has verified it; a break seen on any
            // page stays a break.
            chain = page.chain();
            if (chain != null && !chain.valid()) {
                valid = false;
                Long seq = chain.firstInvalidSeq();
                firstInvalidSeq =
                        firstInvalidSeq == null || (seq != null && seq < firstInvalidSeq) ? seq : firstInvalidSeq;
            }
            cursor = page.nextCursor();
        } while (cursor != null);
        Chain whole = chain == null
                ? new Chain(valid, entries.size(), ReceiptVerifier.GENESIS_HASH, firstInvalidSeq)
                : new Chain(valid, chain.length(), chain.headHash(), firstInvalidSeq);
        return new History(entries, whole);
    }

    /** The signed receipt of one of the user's ledger entries (404 {@link ProblemException.NotFound} otherwise). */
    public Receipt receipt(String eventId) {
        return http.get("/v1/consent/receipts/" + Http.segment(eventId), Receipt.class);
    }

    /** Every entry's receipt, in the order of {@code entries}. */
    public List<Receipt> receipts(List<HistoryEntry> entries) {
        List<Receipt> receipts = new ArrayList<>(entries.size());
        for (HistoryEntry entry : entries) {
            receipts.add(receipt(entry.eventId()));
        }
        return receipts;
    }

    /**
     * The keys that verify receipts (no token needed). Fetch them once and keep {@link Jwks#json()}: {@link
     * ReceiptVerifier} then works offline.
     */
    public Jwks jwks() {
        return Jwks.parse(text("/v1/consent/receipts/jwks.json"));
    }

    /**
     * The transparency log's newest checkpoint, the signed note as the service serves it (no token needed). Open it
     * with {@link Checkpoint#open} and the log's key; 404 {@link ProblemException.NotFound} before the log has one.
     */
    public String logCheckpoint() {
        return text("/v1/consent/log/checkpoint");
    }

    /**
     * The key the log signs its checkpoints with, as the service serves it (no token needed). Trust it once, keep
     * {@link LogVerifierKey#text()}, and verify with the kept one from then on: a key fetched anew each time proves
     * nothing about the service.
     */
    public LogVerifierKey logKey() {
        return LogVerifierKey.parse(text("/v1/consent/log/key"));
    }

    /**
     * The RFC 9162 consistency proof that the log of size {@code to} extends the log of size {@code from} (no token
     * needed); both within the newest checkpoint, {@code 0 < from <= to}. Verify it with {@link LogConsistency}.
     */
    public ConsistencyProof logConsistency(long from, long to) {
        return http.get(Http.path("/v1/consent/log/consistency", "from", from, "to", to), ConsistencyProof.class);
    }

    /** One page of the staff accesses to the user's data, newest first. */
    public Page<Access> accessLog(String cursor, Integer limit) {
        return http.get(
                Http.path("/v1/me/access-log", "cursor", cursor, "limit", limit), new TypeToken<Page<Access>>() {});
    }

    /** Every staff access to the user's data, newest first. */
    public List<Access> accessLog() {
        return Page.all(cursor -> accessLog(cursor, MAX_LIMIT));
    }

    private String text(String path) {
        return new String(http.send("GET", path, null, Map.of(), null).body(), StandardCharsets.UTF_8);
    }

    private Decision decide(String purpose, Map<String, Object> body) {
        return http.json("PUT", "/v1/consent/" + Http.segment(purpose), body, Map.of(), Decision.class);
    }

    public record Purpose(
            String purpose,
            String title,
            String description,
            List<String> requires,
            String noticeVersion,
            String noticeText,
            String locale) {}

    public record PurposeState(
            String purpose, String state, String noticeVersion, boolean upToDate, Instant changedAt, String eventId) {

        public boolean given() {
            return "GIVEN".equals(state);
        }
    }

    public record Decision(
            String purpose, String state, String noticeVersion, String eventId, Instant changedAt, Receipt receipt) {}

    /**
     * A signed receipt: a compact JWS (ES256) over the event, to verify with the service's published keys, and the
     * entry's inclusion proof in the transparency log ({@link LogProof}), null when the receipt carries none (from
     * before the log, or of an erased account).
     */
    public record Receipt(String eventId, String jws, String proof) {

        /** A receipt without a proof. */
        public Receipt(String eventId, String jws) {
            this(eventId, jws, null);
        }
    }

    /** A consistency proof between two sizes of the log, its hashes base64 in RFC 9162 order. */
    public record ConsistencyProof(long from, long to, List<String> proof) {

        public ConsistencyProof {
            proof = proof == null ? List.of() : List.copyOf(proof);
        }

        /** The proof's hashes; throws {@link IllegalArgumentException} when one is not base64 of 32 bytes. */
        public List<byte[]> hashes() {
            List<byte[]> hashes = new ArrayList<>(proof.size());
            for (String hash : proof) {
                hashes.add(Codec.base64(hash, Merkle.HASH_BYTES, "a hash of the consistency proof"));
            }
            return hashes;
        }
    }

    /**
     * One entry of the ledger as the history shows it. {@code hash = SHA-256(prevHash || canonical JSON of the
     * entry)}; {@link ReceiptVerifier} recomputes it. {@code details} holds numbers as {@code Long} (or
     * {@code Double}) and objects as maps.
     */
    public record HistoryEntry(
            String eventId,
            long seq,
            String type,
            String purpose,
            String state,
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

    /** Who caused an entry: {@code USER} (id = the subject), {@code SUPPORT} (id = the staff member), {@code SYSTEM}. */
    public record Actor(String kind, String id) {}

    /** The service's own verification of the chain; {@code firstInvalidSeq} only when not valid. */
    public record Chain(boolean valid, long length, String headHash, Long firstInvalidSeq) {}

    public record HistoryPage(List<HistoryEntry> items, String nextCursor, Chain chain) {

        public HistoryPage {
            items = items == null ? List.of() : List.copyOf(items);
        }

        public boolean hasNext() {
            return nextCursor != null;
        }
    }

    /** The whole ledger, oldest first, and the chain as the service verified it. */
    public record History(List<HistoryEntry> entries, Chain chain) {

        public History {
            entries = List.copyOf(entries);
        }
    }

    /** A look of support staff at the user's data, with the reason they gave. */
    public record Access(String id, Instant at, String staffId, String reason, String resource) {}

    private record States(List<PurposeState> purposes) {}
}
