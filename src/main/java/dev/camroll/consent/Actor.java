package dev.camroll.consent;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/**
 * Who caused a ledger event: the user, a support agent acting on the user's behalf, or the system (cascades,
 * purges).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Actor(Kind kind, @Nullable String id) {

    public enum Kind {
        USER,
        SUPPORT,
        SYSTEM
    }

    public static Actor user(String subject) {
        return new Actor(Kind.USER, subject);
    }

    public static Actor support(String staffId) {
        return new Actor(Kind.SUPPORT, staffId);
    }

    public static Actor system() {
        return new Actor(Kind.SYSTEM, null);
    }
}
