package dev.camroll.api;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Text PostgreSQL can store: no NUL (U+0000, which its text types refuse) and no unpaired surrogate (which has no
 * UTF-8 form; the driver would silently write '?'). Every string from a client passes here before it can reach a
 * statement: JSON fields ({@code StorableTextModule}), query parameters ({@code MalformedRequestFilter}), the
 * token's subject and the headers the service stores.
 */
public final class StorableText {

    private StorableText() {}

    /** Whether {@code text} can be stored as it is; {@code null} counts as storable (nothing to store). */
    public static boolean isStorable(@Nullable String text) {
        if (text == null) {
            return true;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code text} when storable, else {@code 400 invalid-request} naming {@code field}. */
    public static @Nullable String require(String field, @Nullable String text) {
        if (!isStorable(text)) {
            throw ProblemException.invalid(field, unstorable(field));
        }
        return text;
    }

    /** The detail of a refusal: names the field, never echoes the value. */
    public static String unstorable(String field) {
        return "'" + field + "' contains a character the service cannot store (NUL or an unpaired UTF-16 surrogate).";
    }

    /**
     * {@code bytes} as UTF-8 text, refusing what is not well-formed UTF-8 (overlong forms, encoded surrogates,
     * truncated sequences) instead of replacing it with U+FFFD, and anything unstorable.
     */
    public static Optional<String> utf8(byte[] bytes) {
        try {
            String text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
            return isStorable(text) ? Optional.of(text) : Optional.empty();
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /**
     * A header value as the client typed it. Servlet containers read header bytes as ISO-8859-1 (RFC 9110 5.5
     * allows only that beyond ASCII), but people type UTF-8 ("für" arrives as "fÃ¼r"): a value whose bytes are
     * well-formed UTF-8 is read as UTF-8, any other is kept as ISO-8859-1, which is what those bytes then mean.
     */
    public static @Nullable String headerValue(@Nullable String containerValue) {
        if (containerValue == null || containerValue.chars().allMatch(c -> c < 0x80)) {
            return containerValue;
        }
        if (containerValue.chars().anyMatch(c -> c > 0xff)) {
            return containerValue;
        }
        return utf8(containerValue.getBytes(StandardCharsets.ISO_8859_1)).orElse(containerValue);
    }
}
