package dev.camroll.suggestions.internal;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.camroll.api.Examples;
import dev.camroll.api.Ids;
import dev.camroll.api.Page;
import dev.camroll.api.PageQuery;
import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemResponses;
import dev.camroll.identity.Caller;
import dev.camroll.identity.UserAccounts;
import dev.camroll.storage.ObjectStore;
import dev.camroll.suggestions.SuggestionId;
import dev.camroll.suggestions.SuggestionProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's suggestions (contract section Suggestions). */
@RestController
@Tag(
        name = "suggestions",
        description = "Collages, recaps and themes, their changes feed and images, and the dates to remember")
class SuggestionController {

    /** The most changes one page of {@code /changes} carries; the app asks again with the next token. */
    static final int CHANGES_PAGE = 200;

    record Period(Instant from, Instant to) {}

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SuggestionItem(
            UUID suggestionId,
            String kind,
            @Nullable String theme,
            String title,
            @Nullable String subtitle,
            Period period,
            List<UUID> mediaIds,
            UUID coverMediaId,
            @Nullable String imageUrl,
            String state,
            Instant createdAt,
            Instant updatedAt,
            @Nullable LocalDate showFrom,
            @Nullable LocalDate showUntil) {

        static SuggestionItem of(StoredSuggestion s) {
            return new SuggestionItem(
                    s.suggestionId().value(),
                    s.kind().name(),
                    s.theme(),
                    s.title(),
                    s.subtitle(),
                    new Period(s.from(), s.to()),
                    s.mediaIds(),
                    s.coverMediaId(),
                    s.rendered() ? "/v1/suggestions/" + s.suggestionId().value() + "/image" : null,
                    s.state().name(),
                    s.createdAt(),
                    s.updatedAt(),
                    s.showFrom(),
                    s.showUntil());
        }
    }

    record Changes(List<SuggestionItem> upserted, List<UUID> removed, String nextToken) {}

    enum Action {
        seen,
        saved,
        dismissed
    }

    record Feedback(@NotNull Action action) {}

    private final Suggestions suggestions;

    private final Clock clock;

    private final UserAccounts accounts;

    private final ObjectStore store;

    SuggestionController(Suggestions suggestions, Clock clock, UserAccounts accounts, ObjectStore store) {
        this.suggestions = suggestions;
        this.clock = clock;
        this.accounts = accounts;
        this.store = store;
    }

    @GetMapping("/v1/suggestions")
    @ApiResponse(responseCode = "200", description = "A page of suggestions, with its ETag")
    @ApiResponse(responseCode = "304", description = "Nothing changed since the ETag in If-None-Match")
    @Examples(response = SuggestionExamples.SUGGESTION_PAGE)
    @Operation(
            operationId = "listSuggestions",
            summary = "The caller's suggestions, newest first; dismissed ones only with state=DISMISSED",
            description = "Answers 304 to an If-None-Match with the ETag of the same query while nothing changed.")
    ResponseEntity<Page<SuggestionItem>> list(
            Caller caller,
            @RequestParam(required = false) @Nullable String cursor,
            @RequestParam(required = false) @Min(1) @Max(PageQuery.MAX_LIMIT) @Nullable Integer limit,
            @RequestParam(required = false) @Nullable String kind,
            @RequestParam(required = false) @Nullable String state,
            @RequestHeader(name = "If-None-Match", required = false) @Nullable String ifNoneMatch) {
        PageQuery query = PageQuery.of(cursor, limit);
        Candidate.Kind kindFilter = kind == null ? null : valueOf(Candidate.Kind.class, "kind", kind);
        StoredSuggestion.State stateFilter =
                state == null ? null : valueOf(StoredSuggestion.State.class, "state", state);
        long lastChange = suggestions.lastChange(caller.subject());
        // Weak: the same suggestions, however serialised. Any change of the user's suggestions takes a new number.
        String etag = "W/\"" + lastChange + "-"
                + Integer.toHexString((cursor + "|" + query.limit() + "|" + kindFilter + "|" + stateFilter).hashCode())
                + "\"";
        if (etag.equals(ifNoneMatch)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).build();
        }
        List<SuggestionItem> rows =
                suggestions.page(caller.subject(), kindFilter, stateFilter, query.afterId(), query.limit() + 1).stream()
                        .map(SuggestionItem::of)
                        .toList();
        return ResponseEntity.ok()
                .eTag(etag)
                .cacheControl(CacheControl.noCache().cachePrivate())
                .body(query.page(rows, SuggestionItem::suggestionId));
    }

    @GetMapping("/v1/suggestions/changes")
    @Examples(response = SuggestionExamples.CHANGES)
    @Operation(
            operationId = "getSuggestionChanges",
            summary = "What changed since a token, for background sync",
            description = "Without since: everything. Upserted holds suggestions added or changed (dismissed ones "
                    + "too, so a phone hides them), removed the ids of those that no longer hold. At most "
                    + CHANGES_PAGE + " changes a page: ask again with nextToken until both lists are empty.")
    Changes changes(Caller caller, @RequestParam(required = false) @Nullable String since) {
        long after = PageQuery.of(since, null).afterNumber();
        List<StoredSuggestion> rows = suggestions.changedSince(caller.subject(), after, CHANGES_PAGE);
        long next = rows.isEmpty() ? after : rows.get(rows.size() - 1).changeSeq();
        return new Changes(
                rows.stream()
                        .filter(s -> s.removedAt() == null)
                        .map(SuggestionItem::of)
                        .toList(),
                rows.stream()
                        .filter(s -> s.removedAt() != null)
                        .map(s -> s.suggestionId().value())
                        .toList(),
                PageQuery.cursorAfter(next));
    }

    @GetMapping("/v1/suggestions/{suggestionId}")
    @ProblemResponses({"not-found"})
    @Operation(operationId = "getSuggestion", summary = "One of the caller's suggestions")
    @Examples(response = SuggestionExamples.SUGGESTION)
    SuggestionItem one(Caller caller, @PathVariable String suggestionId) {
        return SuggestionItem.of(find(caller, suggestionId));
    }

    @GetMapping(path = "/v1/suggestions/{suggestionId}/image", produces = MediaType.IMAGE_JPEG_VALUE)
    @ApiResponse(responseCode = "200", description = "The image (JPEG)")
    @ApiResponse(responseCode = "304", description = "The image has not changed since the ETag in If-None-Match")
    @ProblemResponses({"not-found"})
    @Operation(
            operationId = "getSuggestionImage",
            summary = "The rendered image of a collage or recap (JPEG, 2048 px wide); 404 until rendered",
            description = "The image is drawn again when the suggestion's shots change; its imageUrl is the same.")
    ResponseEntity<Resource> image(Caller caller, @PathVariable String suggestionId) {
        StoredSuggestion suggestion = find(caller, suggestionId);
        if (!suggestion.rendered()) {
            throw ProblemException.notFound("Suggestion '" + suggestionId + "' has no image"
                    + (suggestion.kind() == Candidate.Kind.THEME ? "." : " yet; it is being drawn."));
        }
        String key = SuggestionRendering.imageKey(
                accounts.find(caller.user()).orElseThrow().userKey(), suggestion.suggestionId());
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_JPEG)
                .cacheControl(CacheControl.noCache().cachePrivate())
                .eTag("\"" + suggestion.changeSeq() + "\"")
                .body(new InputStreamResource(store.get(key)));
    }

    @PostMapping("/v1/suggestions/{suggestionId}/feedback")
    @ProblemResponses({"not-found", "suggestion-dismissed"})
    @Examples(request = SuggestionExamples.FEEDBACK, response = SuggestionExamples.SAVED)
    @Operation(
            operationId = "sendSuggestionFeedback",
            summary = "Tell how the user took a suggestion: seen, saved or dismissed",
            description = "A dismissed suggestion never comes back: saved after dismissed is 409 "
                    + "suggestion-dismissed. Seen does not undo saved or dismissed.")
    SuggestionItem feedback(Caller caller, @PathVariable String suggestionId, @Valid @RequestBody Feedback feedback) {
        StoredSuggestion suggestion = find(caller, suggestionId);
        StoredSuggestion.State next = switch (feedback.action()) {
            case seen ->
                suggestion.state() == StoredSuggestion.State.NEW ? StoredSuggestion.State.SEEN : suggestion.state();
            case saved -> StoredSuggestion.State.SAVED;
            case dismissed -> StoredSuggestion.State.DISMISSED;
        };
        if (suggestion.state() == StoredSuggestion.State.DISMISSED && next != StoredSuggestion.State.DISMISSED) {
            throw new ProblemException(
                    SuggestionProblem.SUGGESTION_DISMISSED,
                    "Suggestion '" + suggestionId + "' was dismissed; it cannot be " + feedback.action() + ".");
        }
        if (next != suggestion.state()) {
            suggestions.setState(suggestion.suggestionId(), next, clock.instant());
        }
        return SuggestionItem.of(find(caller, suggestionId));
    }

    private StoredSuggestion find(Caller caller, String suggestionId) {
        SuggestionId id = new SuggestionId(Ids.parse(suggestionId, "suggestion"));
        return suggestions
                .find(caller.subject(), id)
                .filter(s -> s.removedAt() == null)
                .orElseThrow(() -> ProblemException.notFound("No suggestion '" + suggestionId + "'."));
    }

    private static <E extends Enum<E>> E valueOf(Class<E> type, String field, String value) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid(
                    field, "'" + field + "' must be one of " + List.of(type.getEnumConstants()) + ".");
        }
    }
}
