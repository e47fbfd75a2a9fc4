package dev.camroll.support.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.support.SupportSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Throttles the console's own sign-in, the one owner of {@code console_sign_in_attempts}: at most {@code max-failures-per-username-and-address} failed attempts of one
 * username from one client address, and {@code max-failures-per-address} from one address over all usernames, per
 * window ({@code camroll.support.sign-in.*}). Beyond either, the attempt is refused before its password is checked.
 *
 * <p>There is deliberately no count per username over all addresses: whoever reaches the sign-in page could use it
 * to lock a staff member out. A username is only ever refused at the address that failed with it, so the real staff
 * member still signs in from their own network while someone elsewhere guesses (docs/decisions/0011). Counts live
 * in the database, not per instance: behind a load balancer with n instances an in-memory count would give an
 * attacker n times the guesses, and a restart would forget them.
 *
 * <p>Every admitted attempt is counted before its password is checked (so parallel guesses cannot all slip past the
 * limit), and a successful one is taken back: only failures add up.
 */
@Component
class ConsoleSignInThrottle {

    private static final Logger log = LoggerFactory.getLogger(ConsoleSignInThrottle.class);

    // JdbcClient, not JPA: counting is an INSERT ... ON CONFLICT upsert with a window reset, in one statement
    private final JdbcClient jdbc;

    private final SupportSettings.SignIn settings;

    private final LoopSupervisor loops;

    ConsoleSignInThrottle(JdbcClient jdbc, SupportSettings settings, LoopSupervisor loops) {
        this.jdbc = jdbc;
        this.settings = settings.signIn();
        this.loops = loops;
    }

    /**
     * Admits and counts a sign-in attempt of {@code username} from {@code address} (a {@link ClientAddresses} key),
     * or answers how long until it may be tried again.
     */
    Optional<Duration> admit(String username, String address) {
        String pair = pairKey(username, address);
        String all = addressKey(address);
        Long wait = jdbc.sql("""
                SELECT max(ceil(extract(epoch FROM window_started_at + make_interval(secs => :window) - now())))::bigint
                FROM console_sign_in_attempts
                WHERE window_started_at > now() - make_interval(secs => :window)
                    AND ((throttle_key = :pair AND attempts >= :pairLimit) OR (throttle_key = :all AND attempts >= :allLimit))
                """)
                .param("window", settings.window().toSeconds())
                .param("pair", pair)
                .param("pairLimit", settings.maxFailuresPerUsernameAndAddress())
                .param("all", all)
                .param("allLimit", settings.maxFailuresPerAddress())
                .query(Long.class)
                .optional()
                .orElse(null);
        if (wait != null) {
            return Optional.of(atLeastASecond(wait));
        }
        // Counted one key at a time, each in its own statement: no transaction ever holds two rows' locks.
        Optional<Duration> raced = count(pair, settings.maxFailuresPerUsernameAndAddress());
        Optional<Duration> racedAll = count(all, settings.maxFailuresPerAddress());
        return raced.isPresent() ? raced : racedAll;
    }

    /** A successful sign-in clears its username's count at this address and takes its attempt back from the address. */
    void succeeded(String username, String address) {
        jdbc.sql("DELETE FROM console_sign_in_attempts WHERE throttle_key = ?")
                .param(pairKey(username, address))
                .update();
        jdbc.sql("UPDATE console_sign_in_attempts SET attempts = greatest(attempts - 1, 0) WHERE throttle_key = ?")
                .param(addressKey(address))
                .update();
    }

    /** Adds one attempt to the key's window (a new window once the last one ended); a wait if that went past the limit. */
    private Optional<Duration> count(String key, int limit) {
        record Counted(int attempts, long secondsLeft) {}
        Counted counted = jdbc.sql("""
                INSERT INTO console_sign_in_attempts AS a (throttle_key, attempts, window_started_at)
                VALUES (:key, 1, now())
                ON CONFLICT (throttle_key) DO UPDATE SET
                    attempts = CASE WHEN a.window_started_at <= now() - make_interval(secs => :window) THEN 1
                        ELSE a.attempts + 1 END,
                    window_started_at = CASE WHEN a.window_started_at <= now() - make_interval(secs => :window) THEN now()
                        ELSE a.window_started_at END
                RETURNING attempts,
                    ceil(extract(epoch FROM window_started_at + make_interval(secs => :window) - now()))::bigint
                """)
                .param("key", key)
                .param("window", settings.window().toSeconds())
                .query((rs, n) -> new Counted(rs.getInt(1), rs.getLong(2)))
                .single();
        if (counted.attempts() == limit) {
            // once per key and window, however long the guessing goes on
            log.warn(
                    "Console sign-in: {} attempts in {} {}; unless the last succeeds, further ones are refused for {} s",
                    limit,
                    settings.window(),
                    key.startsWith("pair:")
                            ? "of one username from " + key.substring(key.indexOf('@') + 1)
                            : "from " + key.substring("address:".length()),
                    counted.secondsLeft());
        }
        return counted.attempts() > limit ? Optional.of(atLeastASecond(counted.secondsLeft())) : Optional.empty();
    }

    @Scheduled(fixedDelayString = "PT5M", initialDelayString = "PT5M")
    void forgetEndedWindows() {
        loops.iterate(
                "console-sign-in-attempts-expiry",
                () -> jdbc.sql("""
                DELETE FROM console_sign_in_attempts WHERE window_started_at <= now() - make_interval(secs => ?)
                """).param(settings.window().toSeconds()).update());
    }

    /**
     * The username as the staff accounts match it (case-insensitively, so {@code SAM} and {@code sam} share one
     * count) and hashed: what someone typed as a username may be a password typed into the wrong field.
     */
    static String pairKey(@Nullable String username, String address) {
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return "pair:" + HexFormat.of().formatHex(hash) + "@" + address;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String addressKey(String address) {
        return "address:" + address;
    }

    private static Duration atLeastASecond(long seconds) {
        return Duration.ofSeconds(Math.max(1, seconds));
    }
}
