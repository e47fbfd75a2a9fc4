package dev.camroll.client;

import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import com.google.gson.reflect.TypeToken;

/**
 * What the service made of the user's media: collages, recaps and themes; the changes feed an app pulls in the
 * background; feedback; and the occasions (birthdays, anniversaries) that drive themes.
 */
public final class Suggestions {

    private final Http http;

    Suggestions(Http http) {
        this.http = http;
    }

    /**
     * One page, newest first. {@code kind} ({@code COLLAGE}, {@code RECAP}, {@code THEME}) and {@code state}
     * ({@code NEW}, {@code SEEN}, {@code SAVED}, {@code DISMISSED}; dismissed ones only when asked for) may be null.
     */
    public Page<Suggestion> list(String cursor, Integer limit, String kind, String state) {
        return http.get(
                Http.path("/v1/suggestions", "cursor", cursor, "limit", limit, "kind", kind, "state", state),
                new TypeToken<Page<Suggestion>>() {});
    }

    /**
     * What changed since {@code sinceToken} (null: everything). Keep {@link Changes#nextToken()} (a plain string,
     * e.g. in a file or the app's preferences) and pass it next time; while a page is full, ask again at once.
     */
    public Changes changes(String sinceToken) {
        return http.get(Http.path("/v1/suggestions/changes", "since", sinceToken), Changes.class);
    }

    public Suggestion get(String suggestionId) {
        return http.get(path(suggestionId), Suggestion.class);
    }

    /** Streams the rendered image (JPEG) of a collage or recap to {@code out}; 404 until it is drawn. */
    public void image(String suggestionId, OutputStream out) {
        http.download(path(suggestionId) + "/image", out);
    }

    /**
     * How the user took a suggestion: {@code seen}, {@code saved} or {@code dismissed}. A dismissed one never comes
     * back; saving it afterwards is {@code 409 suggestion-dismissed}.
     */
    public Suggestion feedback(String suggestionId, String action) {
        return http.json(
                "POST", path(suggestionId) + "/feedback", Map.of("action", action), Map.of(), Suggestion.class);
    }

    /** The dates the user wants remembered (needs {@code cloud_processing}). */
    public List<Occasion> occasions() {
        return http.get("/v1/me/occasions", new TypeToken<List<Occasion>>() {});
    }

    /** Replaces the dates the user wants remembered (at most 100); the suggestions are built again. */
    public List<Occasion> occasions(List<Occasion> occasions) {
        return http.json("PUT", "/v1/me/occasions", occasions, Map.of(), new TypeToken<List<Occasion>>() {}.getType());
    }

    private static String path(String suggestionId) {
        return "/v1/suggestions/" + Http.segment(suggestionId);
    }

    /**
     * A suggestion. {@code imageUrl} (a path on the service) only for rendered collages and recaps; {@code showFrom}
     * and {@code showUntil} bound when a theme is worth showing.
     */
    public record Suggestion(
            String suggestionId,
            String kind,
            String theme,
            String title,
            String subtitle,
            Period period,
            List<String> mediaIds,
            String coverMediaId,
            String imageUrl,
            String state,
            Instant createdAt,
            Instant updatedAt,
            LocalDate showFrom,
            LocalDate showUntil) {}

    public record Period(Instant from, Instant to) {}

    /** Suggestions added or changed (dismissed ones too, to hide), ids of those removed, and the token for next time. */
    public record Changes(List<Suggestion> upserted, List<String> removed, String nextToken) {

        public Changes {
            upserted = upserted == null ? List.of() : List.copyOf(upserted);
            removed = removed == null ? List.of() : List.copyOf(removed);
        }

        public boolean isEmpty() {
            return upserted.isEmpty() && removed.isEmpty();
        }
    }

    /** A date to remember: {@code kind} {@code birthday} or {@code anniversary}; 29 February is valid. */
    public record Occasion(String label, String kind, int month, int day) {}
}
