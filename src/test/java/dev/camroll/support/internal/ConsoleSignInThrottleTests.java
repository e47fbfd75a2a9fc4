package dev.camroll.support.internal;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's sign-in under guessing, over real connections from several loopback addresses (each a client of
 * its own to the service): the defaults allow 5 failures per username and address and 50 per address in 15 min.
 */
class ConsoleSignInThrottleTests extends ConsoleTest {

    /** The addresses these tests sign in from; 127.0.0.1, which the other console tests use, is never counted here. */
    private static final List<String> ADDRESSES =
            List.of("127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5", "127.0.0.7", "127.0.0.8");

    @AfterEach
    void forgetTheAttempts() {
        for (String address : ADDRESSES) {
            jdbc.update(
                    "DELETE FROM console_sign_in_attempts WHERE throttle_key = ? OR throttle_key LIKE ?",
                    "address:" + address,
                    "pair:%@" + address);
        }
    }

    @Test
    void aUsernameGuessedTooOftenFromOneAddressIsPausedThereAndStaffStillSignInFromTheirOwn() {
        ClientAt attacker = new ClientAt("127.0.0.2", port);
        ClientAt staffDesk = new ClientAt("127.0.0.3", port);

        for (int i = 0; i < 5; i++) {
            ClientAt.Answer failed = attacker.signIn(SAM, "guess-" + i, Map.of());
            assertThat(failed.status()).as("failure %d", i + 1).isEqualTo(302);
            assertThat(failed.header("Location")).endsWith("/support/sign-in?error");
        }
        ClientAt.Answer paused = attacker.signIn(SAM, SAM_PASSWORD, Map.of());
        ClientAt.Answer otherCase = attacker.signIn(" Sam ", SAM_PASSWORD, Map.of());
        ClientAt.Answer staff = staffDesk.signIn(SAM, SAM_PASSWORD, Map.of());
        ClientAt.Answer colleague = attacker.signIn(ADA, ADA_PASSWORD, Map.of());

        assertThat(paused.status())
                .as("refused before the password is looked at, even the right one")
                .isEqualTo(429);
        assertThat(Long.parseLong(paused.header("Retry-After"))).isBetween(1L, 15 * 60L);
        assertThat(paused.header("Content-Type")).startsWith("text/html");
        assertThat(paused.body()).contains("Too many failed sign-ins").contains("Try again in");
        assertThat(paused.cookie("camroll-support")).as("no session").isNull();
        assertThat(otherCase.status())
                .as("the username as the accounts match it")
                .isEqualTo(429);
        assertThat(staff.status())
                .as("the real staff member, from their own address")
                .isEqualTo(302);
        assertThat(staff.header("Location")).endsWith("/support");
        assertThat(staff.cookie("camroll-support")).isNotNull();
        assertThat(colleague.status())
                .as("another username from the same address")
                .isEqualTo(302);
        assertThat(colleague.header("Location")).endsWith("/support");
    }

    @Test
    void anAddressThatGuessesManyUsernamesIsPausedForAllOfThem() {
        ClientAt attacker = new ClientAt("127.0.0.4", port);
        ClientAt staffDesk = new ClientAt("127.0.0.5", port);

        for (int i = 0; i < 50; i++) {
            assertThat(attacker.signIn("nobody-" + i, "guess", Map.of()).status())
                    .as("failure %d", i + 1)
                    .isEqualTo(302);
        }
        ClientAt.Answer paused = attacker.signIn(ADA, ADA_PASSWORD, Map.of());

        assertThat(paused.status()).isEqualTo(429);
        assertThat(paused.header("Retry-After")).isNotNull();
        assertThat(staffDesk.signIn(ADA, ADA_PASSWORD, Map.of()).status()).isEqualTo(302);
    }

    @Test
    void forwardingHeadersDoNotGiveAGuesserNewAddresses() {
        ClientAt attacker = new ClientAt("127.0.0.7", port);

        for (int i = 0; i < 5; i++) {
            Map<String, String> spoofed = Map.of(
                    "X-Forwarded-For",
                    "203.0.113." + i,
                    "X-Real-IP",
                    "198.51.100." + i,
                    "Forwarded",
                    "for=192.0.2." + i);
            assertThat(attacker.signIn(SAM, "guess-" + i, spoofed).status()).isEqualTo(302);
        }
        ClientAt.Answer paused = attacker.signIn(SAM, "guess-5", Map.of("X-Forwarded-For", "203.0.113.99"));

        assertThat(paused.status())
                .as("the TCP peer counts, not what the client claims")
                .isEqualTo(429);
    }

    @Test
    void aSuccessfulSignInClearsItsUsernamesFailures() {
        ClientAt staffDesk = new ClientAt("127.0.0.8", port);

        for (int i = 0; i < 4; i++) {
            assertThat(staffDesk.signIn(SAM, "typo-" + i, Map.of()).status()).isEqualTo(302);
        }
        assertThat(staffDesk.signIn(SAM, SAM_PASSWORD, Map.of()).header("Location"))
                .endsWith("/support");
        for (int i = 0; i < 5; i++) {
            assertThat(staffDesk.signIn(SAM, "typo-again-" + i, Map.of()).status())
                    .as("failure %d", i + 1)
                    .isEqualTo(302);
        }
        assertThat(staffDesk.signIn(SAM, SAM_PASSWORD, Map.of()).status()).isEqualTo(429);
    }

    @Test
    void aRefusalPageCannotBeRequestedDirectly() {
        ClientAt.Answer direct = new ClientAt("127.0.0.2", port).get("/support/sign-in/refused", null);

        assertThat(direct.status()).isEqualTo(302);
        assertThat(direct.header("Location")).endsWith("/support/sign-in");
    }
}
