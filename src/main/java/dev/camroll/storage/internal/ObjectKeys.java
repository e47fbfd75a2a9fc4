package dev.camroll.storage.internal;

/**
 * The rules for object keys and prefixes. The character set is safe as a file name on every file system and as
 * an S3 key without escaping, and the segment rules keep a key from naming anything outside the store's root.
 */
final class ObjectKeys {

    static final int MAX_LENGTH = 1024;

    /** A segment is a file name on the filesystem, where 255 bytes is the common limit. */
    static final int MAX_SEGMENT_LENGTH = 255;

    /** Where unfinished uploads live. */
    static final String STAGING_PREFIX = "staging/";

    /** Staging keys are shorter, so that an adapter can keep further objects under {@code {stagingKey}/}. */
    static final int MAX_STAGING_KEY_LENGTH = MAX_LENGTH - 24;

    private ObjectKeys() {}

    /** Returns {@code key} if it is a valid object key, else throws {@link IllegalArgumentException}. */
    static String requireKey(String key) {
        check(key, "key", false);
        return key;
    }

    /** Returns {@code prefix} if it is a valid prefix (empty only when {@code mayBeEmpty}). */
    static String requirePrefix(String prefix, boolean mayBeEmpty) {
        if (prefix != null && prefix.isEmpty()) {
            if (mayBeEmpty) {
                return prefix;
            }
            throw new IllegalArgumentException("prefix must not be empty");
        }
        check(prefix, "prefix", true);
        return prefix;
    }

    /** A staging key: a valid key under {@code staging/}. */
    static String requireStagingKey(String key) {
        requireKey(key);
        if (!key.startsWith(STAGING_PREFIX)) {
            throw new IllegalArgumentException("staging key must start with " + STAGING_PREFIX + ": " + key);
        }
        if (key.length() > MAX_STAGING_KEY_LENGTH) {
            throw new IllegalArgumentException("staging key is longer than " + MAX_STAGING_KEY_LENGTH + " characters");
        }
        return key;
    }

    /** A final key: a valid key outside {@code staging/}. */
    static String requireFinalKey(String key) {
        requireKey(key);
        if (key.startsWith(STAGING_PREFIX)) {
            throw new IllegalArgumentException("final key must not be under " + STAGING_PREFIX + ": " + key);
        }
        return key;
    }

    private static void check(String value, String what, boolean trailingSlashAllowed) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean allowed = (c >= 'A' && c <= 'Z')
                    || (c >= 'a' && c <= 'z')
                    || (c >= '0' && c <= '9')
                    || c == '.'
                    || c == '_'
                    || c == '/'
                    || c == '-';
            if (!allowed) {
                throw new IllegalArgumentException(what + " may only contain [A-Za-z0-9._/-]: " + printable(value));
            }
        }
        if (value.contains("..")) {
            throw new IllegalArgumentException(what + " must not contain '..': " + value);
        }
        if (value.startsWith("/")) {
            throw new IllegalArgumentException(what + " must not start with '/': " + value);
        }
        String body = trailingSlashAllowed && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new IllegalArgumentException(what + " must not have empty segments: " + value);
            }
            if (segment.equals(".")) {
                throw new IllegalArgumentException(what + " must not have '.' segments: " + value);
            }
            if (segment.length() > MAX_SEGMENT_LENGTH) {
                throw new IllegalArgumentException(
                        what + " has a segment longer than " + MAX_SEGMENT_LENGTH + " characters");
            }
        }
    }

    /** The value with control characters escaped, so an error message cannot forge log lines. */
    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        value.codePoints()
                .limit(200)
                .forEach(cp ->
                        out.append(cp < 0x20 || cp == 0x7f ? String.format("\\u%04x", cp) : Character.toString(cp)));
        return out.toString();
    }
}
