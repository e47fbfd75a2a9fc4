package dev.camroll.support.internal;

import java.util.Set;
import java.util.stream.Collectors;

import dev.camroll.identity.Caller;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * A staff member signed in to the console.
 *
 * @param id their staff id in the access log and the ledger: the username of the console's own sign-in, or the
 *     OIDC subject
 */
record Staff(String id, boolean support, boolean admin) {

    static Staff of(Authentication authentication) {
        Set<String> roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return new Staff(
                authentication.getName(),
                roles.contains("ROLE_" + Caller.SUPPORT),
                roles.contains("ROLE_" + Caller.ADMIN));
    }
}
