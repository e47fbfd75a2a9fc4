package dev.camroll.identity;

import java.util.Objects;

/**
 * A user, as other modules name them: the {@code sub} claim of their tokens (1 to 128 characters). Only the identity
 * module turns it into a storage key; nothing is derived from its text.
 */
public record Subject(String value) {

    public Subject {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 128) {
            throw new IllegalArgumentException("a subject has 1 to 128 characters");
        }
    }

    /** The subject {@code value}. */
    public static Subject of(String value) {
        return new Subject(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
