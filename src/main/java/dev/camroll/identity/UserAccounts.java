package dev.camroll.identity;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The users the service has seen, each with a random {@code userKey} that names their storage prefix
 * ({@code u/{userKey}/...}) so object keys never reveal the subject.
 */
@Component
public class UserAccounts {

    private static final SecureRandom RANDOM = new SecureRandom();

    private static final int LOCK_TIMEOUT_MS = 5_000;

    /** PostgreSQL's SQLSTATE for a lock_timeout, which Spring leaves uncategorized. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final JdbcClient jdbc;

    UserAccounts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The account of {@code subject}, created on first sight. */
    @Transactional
    public UserAccount ensure(String subject) {
        jdbc.sql("INSERT INTO user_accounts (subject, user_key) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING")
                .params(subject, newUserKey())
                .update();
        return find(subject).orElseThrow();
    }

    public Optional<UserAccount> find(String subject) {
        return jdbc.sql("SELECT subject, user_key FROM user_accounts WHERE subject = ?")
                .param(subject)
                .query((rs, n) -> new UserAccount(rs.getString(1), rs.getString(2)))
                .optional();
    }

    /**
     * Ensures the account and holds its row lock until the caller's transaction ends: writers that must not
     * interleave for one user (the consent ledger, batch manifests) take it first; other users' writers do not
     * wait. A waiter gives up after a few seconds ({@code 503}, retry) rather than hold a pooled connection.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserAccount lock(String subject) {
        ensure(subject);
        jdbc.sql("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_MS + "ms'").update();
        try {
            return jdbc.sql("SELECT subject, user_key FROM user_accounts WHERE subject = ? FOR UPDATE")
                    .param(subject)
                    .query((rs, n) -> new UserAccount(rs.getString(1), rs.getString(2)))
                    .single();
        } catch (UncategorizedSQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLException().getSQLState())) {
                throw new CannotAcquireLockException("the account of " + subject + " stayed locked", e);
            }
            throw e;
        }
    }

    /** Records that the user erased their account (DELETE /v1/me); the ledger and access log stay, marked so. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markErased(String subject) {
        jdbc.sql("UPDATE user_accounts SET erased_at = now() WHERE subject = ?")
                .param(subject)
                .update();
    }

    /** When the user last erased their account, if ever. */
    public Optional<Instant> erasedAt(String subject) {
        return jdbc.sql("SELECT erased_at FROM user_accounts WHERE subject = ? AND erased_at IS NOT NULL")
                .param(subject)
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }

    private static String newUserKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A user: the token subject and the random key of their storage prefix. */
    public record UserAccount(String subject, String userKey) {}
}
