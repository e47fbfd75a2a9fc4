package dev.camroll.upload.internal;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The upload_slot_keys table: the one HMAC key upload slots are signed with. The first instance that needs it creates
 * it ({@code INSERT ... ON CONFLICT DO NOTHING}, then reads back whichever row won), so every instance of a cluster
 * converges on one key; each keeps it in memory from then on. Created in a transaction of its own, never in the
 * caller's: a key cached by an instance whose batch then rolled back would be a key no other instance has.
 */
@Component
class UploadSlotKeys {

    static final String ALGORITHM = "HmacSHA256";

    private static final int KEY_ID = 1;

    private static final int KEY_BYTES = 32;

    private final JdbcClient jdbc;

    private final TransactionTemplate ownTransaction;

    private final Clock clock;

    private final SecureRandom random = new SecureRandom();

    private volatile SecretKeySpec key;

    UploadSlotKeys(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The key, created if no instance has created it yet. */
    SecretKeySpec key() {
        SecretKeySpec known = key;
        if (known == null) {
            synchronized (this) {
                known = key;
                if (known == null) {
                    known = new SecretKeySpec(loadOrCreate(), ALGORITHM);
                    key = known;
                }
            }
        }
        return known;
    }

    private byte[] loadOrCreate() {
        byte[] secret = new byte[KEY_BYTES];
        random.nextBytes(secret);
        return ownTransaction.execute(tx -> {
            jdbc.sql("""
                    INSERT INTO upload_slot_keys (id, secret, created_at) VALUES (?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """)
                    .params(KEY_ID, secret, Timestamp.from(clock.instant()))
                    .update();
            // Another instance's key when it won the race (its insert committed first; ours then did nothing).
            return jdbc.sql("SELECT secret FROM upload_slot_keys WHERE id = ?")
                    .param(KEY_ID)
                    .query(byte[].class)
                    .single();
        });
    }
}
