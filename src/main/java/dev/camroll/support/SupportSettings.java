package dev.camroll.support;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import dev.camroll.identity.Caller;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The support console ({@code camroll.support.*}).
 *
 * @param staff The accounts of the console's own sign-in, used when no OIDC client registration
 *     (spring.security.oauth2.client.registration.*) is configured. None by default; no default password exists.
 * @param sessionTimeout How long a signed-in console session lasts without a request.
 * @param signIn How failed sign-ins of the console's own sign-in are throttled.
 */
@ConfigurationProperties("camroll.support")
public record SupportSettings(
        @DefaultValue List<StaffAccount> staff,
        @DefaultValue("15m") Duration sessionTimeout,
        @DefaultValue SignIn signIn) {

    /** Spring Security's bcrypt encoding: {@code {bcrypt}$2a$} (or 2b, 2y), a cost, 53 characters of salt and hash. */
    private static final Pattern BCRYPT = Pattern.compile("\\{bcrypt}\\$2[aby]?\\$\\d\\d\\$[./0-9A-Za-z]{53}");

    private static final Set<String> ROLES = Set.of(Caller.SUPPORT, Caller.ADMIN);

    public SupportSettings {
        staff = List.copyOf(staff);
        Set<String> usernames = new HashSet<>();
        for (int i = 0; i < staff.size(); i++) {
            StaffAccount account = staff.get(i);
            String name = "camroll.support.staff[" + i + "]";
            if (account.username() == null
                    || account.username().isBlank()
                    || account.username().length() > 128) {
                throw new IllegalArgumentException(name + ".username must be 1 to 128 characters");
            }
            if (!usernames.add(account.username())) {
                throw new IllegalArgumentException(name + ".username '" + account.username() + "' is used twice");
            }
            // A readable password in configuration is one leaked file away from every user's consent history.
            if (account.password() == null
                    || !BCRYPT.matcher(account.password()).matches()) {
                throw new IllegalArgumentException(name + ".password of '" + account.username() + "' must be a "
                        + "{bcrypt} hash; plain and {noop} passwords are refused. Make one with "
                        + "htpasswd -nBC 12 '' | tr -d ':\\n' and put {bcrypt} before it (docs/operations.md)");
            }
            if (account.roles().isEmpty() || !ROLES.containsAll(account.roles())) {
                throw new IllegalArgumentException(name + ".roles of '" + account.username() + "' must be support "
                        + "and/or admin, not " + account.roles());
            }
        }
        if (sessionTimeout.isNegative() || sessionTimeout.isZero() || sessionTimeout.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("camroll.support.session-timeout must be positive");
        }
    }

    /**
     * The throttle of the console's own sign-in ({@code camroll.support.sign-in.*}); see ConsoleSignInThrottle.
     *
     * @param window How long sign-in attempts are counted (1m to 1d), from the first one of a username and address
     *     (or of an address); a throttled sign-in may try again when its window ends.
     * @param maxFailuresPerUsernameAndAddress Failed sign-ins of one username from one client address (an IPv6
     *     address counts by its /64) within the window; beyond it that username is refused from that address only.
     * @param maxFailuresPerAddress Failed sign-ins from one client address, all usernames together, within the
     *     window; beyond it every sign-in from that address is refused. At least
     *     max-failures-per-username-and-address.
     */
    public record SignIn(
            @DefaultValue("15m") Duration window,
            @DefaultValue("5") int maxFailuresPerUsernameAndAddress,
            @DefaultValue("50") int maxFailuresPerAddress) {

        public SignIn {
            if (window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("camroll.support.sign-in.window must be 1m to 1d, not " + window);
            }
            if (maxFailuresPerUsernameAndAddress < 1 || maxFailuresPerUsernameAndAddress > 1000) {
                throw new IllegalArgumentException("camroll.support.sign-in.max-failures-per-username-and-address "
                        + "must be 1 to 1000, not " + maxFailuresPerUsernameAndAddress);
            }
            if (maxFailuresPerAddress < maxFailuresPerUsernameAndAddress || maxFailuresPerAddress > 100_000) {
                throw new IllegalArgumentException("camroll.support.sign-in.max-failures-per-address must be "
                        + "max-failures-per-username-and-address (" + maxFailuresPerUsernameAndAddress
                        + ") to 100000, not " + maxFailuresPerAddress);
            }
        }
    }

    /**
     * A staff member of the console's own sign-in.
     *
     * @param username What they sign in with (1 to 128 characters); it is their staff id in the access log and the
     *     ledger.
     * @param password A Spring Security {bcrypt} encoded hash, never the password itself: make one with htpasswd
     *     -nBC 12 '' | tr -d ':\n' and put {bcrypt} before it. Plain and {noop} values stop the start.
     * @param roles The roles: support (look up, revoke) and/or admin (the access log).
     */
    public record StaffAccount(
            String username, String password, @DefaultValue List<String> roles) {

        public StaffAccount {
            roles = List.copyOf(roles);
        }
    }
}
