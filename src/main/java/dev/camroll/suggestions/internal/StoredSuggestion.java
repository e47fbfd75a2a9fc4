package dev.camroll.suggestions.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.camroll.suggestions.SuggestionId;
import org.jspecify.annotations.Nullable;

/** A suggestion as the {@code suggestions} table holds it; {@code removedAt} is set on a tombstone. */
record StoredSuggestion(
        SuggestionId suggestionId,
        String subject,
        Candidate.Kind kind,
        @Nullable String theme,
        String anchor,
        String title,
        @Nullable String subtitle,
        Instant from,
        Instant to,
        List<UUID> mediaIds,
        List<UUID> basisIds,
        UUID coverMediaId,
        boolean rendered,
        State state,
        @Nullable LocalDate showFrom,
        @Nullable LocalDate showUntil,
        Instant createdAt,
        Instant updatedAt,
        @Nullable Instant removedAt,
        long changeSeq) {

    /** The user's say on a suggestion; DISMISSED is final. */
    enum State {
        NEW,
        SEEN,
        SAVED,
        DISMISSED
    }

    /** Whether the candidate says the same as this suggestion (nothing to update). */
    boolean says(Candidate candidate) {
        return title.equals(candidate.title())
                && Objects.equals(subtitle, candidate.subtitle())
                && from.equals(candidate.from())
                && to.equals(candidate.to())
                && mediaIds.equals(candidate.mediaIds())
                && basisIds.equals(candidate.basisIds())
                && coverMediaId.equals(candidate.coverMediaId())
                && Objects.equals(showFrom, candidate.showFrom())
                && Objects.equals(showUntil, candidate.showUntil());
    }
}
