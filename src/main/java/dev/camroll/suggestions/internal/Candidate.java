package dev.camroll.suggestions.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A suggestion as one build proposes it, before it is matched with what the user already has.
 *
 * @param kind COLLAGE, RECAP or THEME
 * @param theme the theme of a THEME, else {@code null}
 * @param anchor what it is about: {@link #MOMENT} for suggestions recognised by their media, else a stable key
 * @param title the title
 * @param subtitle a second line, or {@code null}
 * @param from the first shot's capture instant
 * @param to the last shot's capture instant
 * @param mediaIds the shots it shows, in the order it shows them
 * @param basisIds every distinct shot it stands for (by which the next build recognises it)
 * @param coverMediaId the shot to show for it
 * @param showFrom the first day to show it (date-driven themes), or {@code null}
 * @param showUntil the last day to show it, or {@code null}
 */
record Candidate(
        Kind kind,
        @Nullable String theme,
        String anchor,
        String title,
        @Nullable String subtitle,
        Instant from,
        Instant to,
        List<UUID> mediaIds,
        List<UUID> basisIds,
        UUID coverMediaId,
        @Nullable LocalDate showFrom,
        @Nullable LocalDate showUntil) {

    /** The anchor of suggestions recognised by the media they stand for: the moment grows, the suggestion stays. */
    static final String MOMENT = "moment";

    /** What a suggestion is; stored by name in {@code suggestions.kind}. */
    enum Kind {
        COLLAGE,
        RECAP,
        THEME
    }

    Candidate {
        mediaIds = List.copyOf(mediaIds);
        basisIds = List.copyOf(basisIds);
    }

    /** Whether its image is rendered (collages and recaps). */
    boolean hasImage() {
        return kind != Kind.THEME;
    }
}
