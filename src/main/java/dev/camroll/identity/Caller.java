package dev.camroll.identity;

import java.util.Set;

/**
 * The authenticated subject of a request. Controllers take it as a parameter.
 *
 * @param subject the {@code sub} claim: the user id (1..128 characters)
 * @param roles {@code user} always, plus {@code support} and/or {@code admin} from the {@code roles} claim
 */
public record Caller(String subject, Set<String> roles) {

    public static final String SUPPORT = "support";

    public static final String ADMIN = "admin";

    /** The caller as a {@link Subject}. */
    public Subject user() {
        return new Subject(subject);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
