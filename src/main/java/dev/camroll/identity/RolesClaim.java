package dev.camroll.identity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Roles from an identity provider's {@code roles} claim, read the same way for API tokens and for the support
 * console's OIDC sign-in: every subject is a {@code user}; each other name in the claim becomes a role
 * ({@link Caller#SUPPORT}, {@link Caller#ADMIN}).
 */
public final class RolesClaim {

    /** The claim that lists a subject's roles, e.g. {@code "roles": ["support"]}. */
    public static final String CLAIM = "roles";

    private RolesClaim() {}

    /** {@code ROLE_user} plus {@code ROLE_<name>} for each name in the {@code roles} claim of {@code claims}. */
    public static List<GrantedAuthority> authorities(Map<String, Object> claims) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        authorities.add(new SimpleGrantedAuthority("ROLE_user"));
        if (claims.get(CLAIM) instanceof Collection<?> roles) {
            for (Object role : roles) {
                if (role instanceof String name && !name.isBlank() && !"user".equals(name)) {
                    authorities.add(new SimpleGrantedAuthority("ROLE_" + name));
                }
            }
        }
        return authorities;
    }
}
