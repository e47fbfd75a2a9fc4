package dev.camroll.support.internal;

import java.util.ArrayList;
import java.util.List;

import dev.camroll.support.SupportSettings;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The staff accounts' password check: an unknown username costs the same bcrypt as a known one. */
class StaffAccountsTests {

    /** Records every hash the provider compares a password with, then compares for real. */
    static final class Comparisons implements PasswordEncoder {

        final List<String> hashes = new ArrayList<>();

        final PasswordEncoder real;

        Comparisons(PasswordEncoder real) {
            this.real = real;
        }

        @Override
        public String encode(CharSequence raw) {
            return real.encode(raw);
        }

        @Override
        public boolean matches(CharSequence raw, String encoded) {
            hashes.add(encoded);
            return real.matches(raw, encoded);
        }
    }

    @Test
    void anUnknownUsernameIsComparedWithAHashOfTheStrongestConfiguredCost() {
        // costs 5 and 6: neither BCryptPasswordEncoder's default 10 nor the guide's 12, so only the configuration
        // can have chosen the dummy's cost
        List<SupportSettings.StaffAccount> staff = List.of(
                new SupportSettings.StaffAccount(
                        "ada", "{bcrypt}" + new BCryptPasswordEncoder(6).encode("ada-pw"), List.of("support")),
                new SupportSettings.StaffAccount(
                        "sam", "{bcrypt}" + new BCryptPasswordEncoder(5).encode("sam-pw"), List.of("support")));
        Comparisons comparisons = new Comparisons(StaffAccounts.passwords(staff));
        DaoAuthenticationProvider provider = StaffAccounts.provider(staff, comparisons);

        assertThatThrownBy(() -> provider.authenticate(attempt("mallory", "guess")))
                .isInstanceOf(BadCredentialsException.class);
        assertThatThrownBy(() -> provider.authenticate(attempt("ada", "guess")))
                .isInstanceOf(BadCredentialsException.class);

        assertThat(comparisons.hashes)
                .as("one comparison per attempt, the unknown username's first")
                .hasSize(2);
        assertThat(StaffAccounts.cost(comparisons.hashes.get(0)))
                .as("the dummy")
                .isEqualTo(6);
        assertThat(StaffAccounts.cost(comparisons.hashes.get(1)))
                .as("ada's own hash")
                .isEqualTo(6);
        assertThat(provider.authenticate(attempt("sam", "sam-pw")).isAuthenticated())
                .isTrue();
    }

    @Test
    void withoutAccountsTheDummyHasTheGuidesCost() {
        Comparisons comparisons = new Comparisons(StaffAccounts.passwords(List.of()));
        DaoAuthenticationProvider provider = StaffAccounts.provider(List.of(), comparisons);

        assertThatThrownBy(() -> provider.authenticate(attempt("ada", "guess")))
                .isInstanceOf(BadCredentialsException.class);

        assertThat(StaffAccounts.cost(comparisons.hashes.get(0))).isEqualTo(12);
    }

    @Test
    void theCostIsReadFromEveryBcryptSpelling() {
        assertThat(StaffAccounts.cost("{bcrypt}$2y$12$5OB9904jQZ/nkd7cp3HUo.i29FhNuQWQerY/6n6XnXpCP9LCV30Ua"))
                .isEqualTo(12);
        assertThat(StaffAccounts.cost("$2a$04$5OB9904jQZ/nkd7cp3HUo.i29FhNuQWQerY/6n6XnXpCP9LCV30Ua"))
                .isEqualTo(4);
        assertThat(StaffAccounts.cost("{bcrypt}$2b$31$5OB9904jQZ/nkd7cp3HUo.i29FhNuQWQerY/6n6XnXpCP9LCV30Ua"))
                .isEqualTo(31);
    }

    private static UsernamePasswordAuthenticationToken attempt(String username, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(username, password);
    }
}
