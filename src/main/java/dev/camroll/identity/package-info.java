/**
 * Who is calling: the OAuth2 resource-server set-up, roles from the {@code roles} claim, problem documents for
 * 401, 403 and (while an issuer's keys cannot be fetched) 503, user accounts (each with a random storage key), the
 * pinned external issuer's decoder and, in the embedded default, the local token issuer with its
 * {@code POST /dev/tokens} for loopback callers that hold the data directory's secret (ADR 0010).
 *
 * <p>Owns the table {@code user_accounts} ({@code UserAccountRows} holds its SQL). Offers every other module
 * {@link dev.camroll.identity.Caller} (the authenticated caller, a controller parameter),
 * {@link dev.camroll.identity.Subject} (a user, as modules name them), {@link dev.camroll.identity.UserAccounts}
 * (an account's storage key, the per-user row lock that serialises a user's writers, erasure marks) and
 * {@link dev.camroll.identity.RolesClaim}. Publishes no events and handles no jobs; the security configuration,
 * issuers and the dev-token endpoint are in {@code internal}.
 */
@ApplicationModule(
        displayName = "Identity",
        allowedDependencies = {"api", "runtime"})
@NullMarked
package dev.camroll.identity;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
