package dev.camroll.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * A validated {@code ?cursor=&limit=} pair. The cursor is opaque to clients: it wraps the position of the last
 * item of the previous page, which each list defines for itself.
 *
 * @param after the position after which the page starts, or {@code null} for the first page
 * @param limit how many items at most (1..200, default 50)
 */
public record PageQuery(@Nullable String after, int limit) {

    public static final int DEFAULT_LIMIT = 50;

    public static final int MAX_LIMIT = 200;

    public static PageQuery of(@Nullable String cursor, @Nullable Integer limit) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "'limit' must be between 1 and " + MAX_LIMIT + ".");
        }
        return new PageQuery(cursor == null || cursor.isEmpty() ? null : decode(cursor), size);
    }

    /** The position after {@link #after()} as a number, for lists ordered by a sequence. */
    public long afterNumber() {
        if (after == null) {
            return 0;
        }
        try {
            return Long.parseLong(after);
        } catch (NumberFormatException e) {
            throw ProblemException.invalid("cursor", "'cursor' is not a cursor this list handed out.");
        }
    }

    /** The position after {@link #after()} as an id, for lists ordered by a UUIDv7 id; null for the first page. */
    public @Nullable UUID afterId() {
        if (after == null) {
            return null;
        }
        try {
            return UUID.fromString(after);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "'cursor' is not a cursor this list handed out.");
        }
    }

    public static String cursorAfter(Object position) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(position.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Builds the page: {@code items} holds up to limit + 1 rows, the extra one only says that more follow. */
    public <T> Page<T> page(List<T> items, Function<T, Object> position) {
        if (items.size() <= limit) {
            return new Page<>(items, null);
        }
        List<T> page = items.subList(0, limit);
        return new Page<>(List.copyOf(page), cursorAfter(position.apply(page.get(limit - 1))));
    }

    private static String decode(String cursor) {
        try {
            if (cursor.length() <= 200) {
                return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            }
        } catch (IllegalArgumentException e) {
            // fall through
        }
        throw ProblemException.invalid("cursor", "'cursor' is not a cursor this list handed out.");
    }
}
