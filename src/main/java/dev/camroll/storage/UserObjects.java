package dev.camroll.storage;

import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where a user's objects live: every object that belongs to a user is under {@code u/{userKey}/}, and this is the
 * only place that builds such keys. The user key is a random value (never the subject), so keys and listings reveal
 * nothing about who the user is. A purge deletes {@link #prefix()}, which is complete because every key is made here.
 *
 * @param userKey the user's random storage key (see identity's user accounts)
 */
public record UserObjects(String userKey) {

    /** The prefix under which all users' objects live (the reconciler surveys it). */
    public static final String ROOT = "u/";

    /** A kind of object a user has, and the segment its keys carry. */
    public enum Kind {
        ORIGINAL("original", ""),
        PREVIEW("preview", ".jpg"),
        THUMBNAIL("thumb", ".jpg"),
        RENDER("render", ".jpg");

        private final String segment;

        private final String suffix;

        Kind(String segment, String suffix) {
            this.segment = segment;
            this.suffix = suffix;
        }
    }

    public UserObjects {
        Objects.requireNonNull(userKey, "userKey");
        if (userKey.isEmpty() || userKey.contains("/")) {
            throw new IllegalArgumentException("a user key is one non-empty key segment: " + userKey);
        }
    }

    /** Everything of this user: {@code u/{userKey}/}. */
    public String prefix() {
        return ROOT + userKey + "/";
    }

    /** The key of the object of {@code kind} for {@code id} (a media id, or a suggestion id for renders). */
    public String key(Kind kind, UUID id) {
        return prefix() + kind.segment + "/" + id + kind.suffix;
    }

    /** The original as uploaded. */
    public String original(UUID mediaId) {
        return key(Kind.ORIGINAL, mediaId);
    }

    /** The preview, a JPEG. */
    public String preview(UUID mediaId) {
        return key(Kind.PREVIEW, mediaId);
    }

    /** The thumbnail, a JPEG. */
    public String thumbnail(UUID mediaId) {
        return key(Kind.THUMBNAIL, mediaId);
    }

    /** A suggestion's rendered image, a JPEG. */
    public String render(UUID suggestionId) {
        return key(Kind.RENDER, suggestionId);
    }

    /**
     * A pattern matching the keys of any user for objects of these kinds, whose first group is the id (for an
     * {@link ObjectOwner} that recognises its keys among the store's).
     */
    public static Pattern keysOf(Kind... kinds) {
        StringBuilder segments = new StringBuilder();
        Set<String> suffixes = new TreeSet<>();
        for (Kind kind : kinds) {
            segments.append(segments.isEmpty() ? "" : "|").append(Pattern.quote(kind.segment));
            suffixes.add(kind.suffix);
        }
        // One suffix for all kinds is required; mixed kinds (an original has none) make it optional.
        String suffix = suffixes.size() == 1
                ? Pattern.quote(suffixes.iterator().next())
                : "(?:" + String.join("|", suffixes.stream().map(Pattern::quote).toList()) + ")";
        return Pattern.compile(Pattern.quote(ROOT) + "[^/]+/(?:" + segments + ")/" + ObjectOwner.ID + suffix);
    }
}
