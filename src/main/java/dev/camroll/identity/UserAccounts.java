package dev.camroll.identity;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;

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

    private final UserAccountRows rows;

    UserAccounts(UserAccountRows rows) {
        this.rows = rows;
    }

    /** The account of {@code subject}, created on first sight. */
    @Transactional
    public UserAccount ensure(Subject subject) {
        rows.insertIfAbsent(subject, newUserKey());
        return rows.find(subject).orElseThrow();
    }

    /** The account of {@code subject}, if the service has seen it. */
    public Optional<UserAccount> find(Subject subject) {
        return rows.find(subject);
    }

    /**
     * Ensures the account and holds its row lock until the caller's transaction ends: writers that must not
     * interleave for one user (the consent ledger, batch manifests) take it first; other users' writers do not
     * wait. A waiter gives up after a few seconds ({@code 503}, retry) rather than hold a pooled connection.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UserAccount lock(Subject subject) {
        // The account exists almost always: lock it first, create it only when it is not there.
        return rows.lock(subject, LOCK_TIMEOUT_MS).orElseGet(() -> {
            rows.insertIfAbsent(subject, newUserKey());
            return rows.lock(subject, LOCK_TIMEOUT_MS).orElseThrow();
        });
    }

    /** Records that the user erased their account (DELETE /v1/me); the ledger and access log stay, marked so. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void markErased(Subject subject) {
        rows.markErased(subject);
    }

    /** When the user last erased their account, if ever. */
    public Optional<Instant> erasedAt(Subject subject) {
        return rows.erasedAt(subject);
    }

    private static String newUserKey() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A user: the token subject and the random key of their storage prefix. */
    public record UserAccount(Subject subject, String userKey) {}
}
