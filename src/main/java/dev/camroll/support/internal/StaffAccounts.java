package dev.camroll.support.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.camroll.support.SupportSettings;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;

/**
 * The console's own staff accounts ({@code camroll.support.staff}) and how their passwords are checked: bcrypt only,
 * and a username without an account costs the same bcrypt as one with an account.
 */
final class StaffAccounts {

    /** The cost of the dummy hash when no account is configured: what the operations guide asks for. */
    static final int DEFAULT_COST = 12;

    private StaffAccounts() {}

    /** Checks sign-ins against {@code staff}, comparing their passwords with {@code passwords}. */
    static DaoAuthenticationProvider provider(List<SupportSettings.StaffAccount> staff, PasswordEncoder passwords) {
        List<UserDetails> users = new ArrayList<>();
        for (SupportSettings.StaffAccount account : staff) {
            users.add(User.withUsername(account.username())
                    .password(account.password())
                    .roles(account.roles().toArray(String[]::new))
                    .build());
        }
        DaoAuthenticationProvider provider = new DaoAuthenticationProvider(new InMemoryUserDetailsManager(users));
        provider.setPasswordEncoder(passwords);
        return provider;
    }

    /**
     * bcrypt only: even a {@code {noop}} value that slipped past the settings check could never match. For a
     * username without an account, DaoAuthenticationProvider compares the password with a hash this encoder makes
     * (its timing-attack protection); it is made at the cost of the strongest configured hash, so an unknown
     * username takes as long as a known one and the time of a failed sign-in does not tell whether it exists. (With
     * the default cost 10 against the guide's 12, it told: about four times faster.)
     */
    static PasswordEncoder passwords(List<SupportSettings.StaffAccount> staff) {
        int cost = staff.stream()
                .mapToInt(account -> cost(account.password()))
                .max()
                .orElse(DEFAULT_COST);
        return new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(cost)));
    }

    /** The cost of a {@code {bcrypt}$2a$12$...} (or bare {@code $2a$12$...}) hash: 12. */
    static int cost(String encoded) {
        String hash = encoded.startsWith("{bcrypt}") ? encoded.substring("{bcrypt}".length()) : encoded;
        String[] parts = hash.split("\\$");
        if (parts.length < 4 || !parts[2].matches("\\d\\d")) {
            throw new IllegalArgumentException("not a bcrypt hash");
        }
        return Integer.parseInt(parts[2]);
    }
}
