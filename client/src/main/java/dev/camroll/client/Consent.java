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
        Http.Response response = http.send("GET", "/v1/consent/receipts/jwks.json", null, Map.of(), null);
        return Jwks.parse(new String(response.body(), StandardCharsets.UTF_8));
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

    /** A signed receipt: a compact JWS (ES256) over the event; verify it with the service's published keys. */
    public record Receipt(String eventId, String jws) {}

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
