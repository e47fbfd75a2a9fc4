package dev.camroll.storage;

import java.io.IOException;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of {@link Staging#append}: the new state, which the caller must store, and, when the source broke
 * off (a client cut off mid-request), the exception it threw. The bytes read before the break are kept and
 * counted in {@code state.length()} either way.
 *
 * @param state the state after the append; its length grew by {@code appended}
 * @param appended how many bytes this append staged durably
 * @param sourceFailure what the source stream threw, or {@code null} when it was read to its end
 */
public record AppendResult(
        StagedState state, long appended, @Nullable IOException sourceFailure) {

    /** Whether the source stream failed before its end (the bytes read until then are staged nonetheless). */
    public boolean sourceFailed() {
        return sourceFailure != null;
    }
}
