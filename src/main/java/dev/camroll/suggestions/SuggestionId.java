package dev.camroll.suggestions;

import java.util.Objects;
import java.util.UUID;

/** A suggestion's id: it stays while the suggestion's moment grows, and names its rendered image. */
public record SuggestionId(UUID value) implements Comparable<SuggestionId> {

    public SuggestionId {
        Objects.requireNonNull(value, "value");
    }

    /** The suggestion {@code value}. */
    public static SuggestionId of(UUID value) {
        return new SuggestionId(value);
    }

    /** Ordered as {@link UUID#compareTo} orders them: the reconciler's tie-break and the export's order. */
    @Override
    public int compareTo(SuggestionId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
