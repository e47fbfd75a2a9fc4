package dev.camroll.identity;

import java.time.Instant;
import java.util.Optional;

import dev.camroll.identity.UserAccounts.UserAccount;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code user_accounts} table: the only class with its SQL. JdbcClient, not JPA: an account is created on first
 * sight by a race-free {@code INSERT ... ON CONFLICT DO NOTHING}, and the per-user lock needs a transaction-local
 * {@code lock_timeout} and its SQLSTATE; the rest is three one-line statements.
 */
@Component
class UserAccountRows {

    /** PostgreSQL's SQLSTATE for a lock_timeout, which Spring leaves uncategorized. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private final JdbcClient jdbc;

    UserAccountRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the account unless the subject has one; a concurrent first sight of the same subject is no error. */
    void insertIfAbsent(Subject subject, String userKey) {
        jdbc.sql("INSERT INTO user_accounts (subject, user_key) VALUES (?, ?) ON CONFLICT (subject) DO NOTHING")
                .params(subject.value(), userKey)
                .update();
    }

    Optional<UserAccount> find(Subject subject) {
        return jdbc.sql("SELECT subject, user_key FROM user_accounts WHERE subject = ?")
                .param(subject.value())
                .query((rs, n) -> new UserAccount(Subject.of(rs.getString(1)), rs.getString(2)))
                .optional();
    }

    /** Locks the row, if there is one, until the transaction ends, waiting at most {@code timeoutMillis}. */
    Optional<UserAccount> lock(Subject subject, int timeoutMillis) {
        jdbc.sql("SET LOCAL lock_timeout = '" + timeoutMillis + "ms'").update();
        try {
            return jdbc.sql("SELECT subject, user_key FROM user_accounts WHERE subject = ? FOR UPDATE")
                    .param(subject.value())
                    .query((rs, n) -> new UserAccount(Subject.of(rs.getString(1)), rs.getString(2)))
                    .optional();
        } catch (UncategorizedSQLException e) {
            if (LOCK_NOT_AVAILABLE.equals(e.getSQLException().getSQLState())) {
                throw new CannotAcquireLockException("the account of " + subject + " stayed locked", e);
            }
            throw e;
        }
    }

    void markErased(Subject subject) {
        jdbc.sql("UPDATE user_accounts SET erased_at = now() WHERE subject = ?")
                .param(subject.value())
                .update();
    }

    Optional<Instant> erasedAt(Subject subject) {
        return jdbc.sql("SELECT erased_at FROM user_accounts WHERE subject = ? AND erased_at IS NOT NULL")
                .param(subject.value())
                .query((rs, n) -> rs.getTimestamp(1).toInstant())
                .optional();
    }
}
