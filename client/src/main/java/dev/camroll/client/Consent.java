package dev.camroll.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.reflect.TypeToken;

/** The user's consent: purposes and notices, the current state, decisions, history and receipts. */
public final class Consent {

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

    private record States(List<PurposeState> purposes) {}
}
