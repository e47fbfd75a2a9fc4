package dev.camroll.client;

import java.util.Map;

/**
 * An RFC 9457 problem document as the service sent it: {@code type} ends in {@code /problems/<slug>}; members beyond
 * the standard ones (for example {@code currentNoticeVersion}, {@code field}) are in {@link #members()}.
 */
public record Problem(String type, String title, int status, String detail, Map<String, Object> members) {

    public Problem {
        members = Map.copyOf(members);
    }

    /** The last path segment of {@link #type()}, e.g. {@code consent-required}. */
    public String slug() {
        return type == null ? "" : type.substring(type.lastIndexOf('/') + 1);
    }

    /** A member of the problem beyond type, title, status and detail, as a string, or null. */
    public String member(String name) {
        Object value = members.get(name);
        return value == null ? null : String.valueOf(value);
    }
}
