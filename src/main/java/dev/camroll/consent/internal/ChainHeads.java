package dev.camroll.consent.internal;

import java.sql.Timestamp;
import java.time.Clock;

import dev.camroll.identity.Subject;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The verified head of each user's ledger ({@code consent_chain_heads}): how far the chain was found intact, so a
 * verification need only walk what came after. A cache of work done, not evidence: losing a head only costs one full
 * walk.
 */
@Component
class ChainHeads {

    /** An entry of the chain, by its seq and stored hash; {@link #GENESIS} is the start before seq 1. */
    record Head(long seq, String hash) {

        static final Head GENESIS = new Head(0, ConsentEvent.GENESIS_HASH);
    }

    // JdbcClient, not JPA: the head moves by compare-and-set (INSERT ... ON CONFLICT DO NOTHING, a conditional
    // UPDATE), so a racing read that walked further is never overwritten.
    private final JdbcClient jdbc;

    private final Clock clock;

    ChainHeads(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    Head of(Subject subject) {
        return jdbc.sql("SELECT verified_seq, verified_hash FROM consent_chain_heads WHERE subject = ?")
                .param(subject.value())
                .query((rs, n) -> new Head(rs.getLong(1), rs.getString(2)))
                .optional()
                .orElse(Head.GENESIS);
    }

    /**
     * Moves {@code subject}'s head from {@code from} (as read before the walk) to {@code to}: on only if no one moved
     * it meanwhile (a racing read that walked further wins), back to the start at once (a break was found before it).
     * Runs after the reading transaction, in its own short one; inside a read-only transaction it leaves the head.
     */
    @Transactional
    void move(Subject subject, Head from, Head to) {
        if (to.equals(from) || TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            return;
        }
        if (to.seq() == 0) {
            jdbc.sql("DELETE FROM consent_chain_heads WHERE subject = ?")
                    .param(subject.value())
                    .update();
        } else if (from.seq() == 0) {
            jdbc.sql("""
                    INSERT INTO consent_chain_heads (subject, verified_seq, verified_hash, verified_at)
                    VALUES (?, ?, ?, ?) ON CONFLICT (subject) DO NOTHING
                    """)
                    .params(subject.value(), to.seq(), to.hash(), Timestamp.from(clock.instant()))
                    .update();
        } else {
            jdbc.sql("""
                    UPDATE consent_chain_heads SET verified_seq = ?, verified_hash = ?, verified_at = ?
                    WHERE subject = ? AND verified_seq = ? AND verified_hash = ?
                    """)
                    .params(
                            to.seq(),
                            to.hash(),
                            Timestamp.from(clock.instant()),
                            subject.value(),
                            from.seq(),
                            from.hash())
                    .update();
        }
    }
}
