package dev.camroll.consent;

import java.time.Clock;
import java.util.stream.Stream;

import jakarta.persistence.EntityManager;

import dev.camroll.identity.UserAccounts;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only consent ledger: one hash chain per user. Appends for one user are serialized by the user's
 * account row lock, so racing requests still produce seq 1..n with unbroken links; appends for different users
 * take different locks and do not wait for each other.
 */
@Component
class ConsentLedger {

    private final EntityManager entityManager;

    private final ConsentEvents events;

    private final UserAccounts accounts;

    private final Clock clock;

    ConsentLedger(EntityManager entityManager, ConsentEvents events, UserAccounts accounts, Clock clock) {
        this.entityManager = entityManager;
        this.events = events;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Takes {@code subject}'s ledger lock for the rest of the current transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void lock(String subject) {
        accounts.lock(subject);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    ConsentEvent append(String subject, ConsentEvent.Draft draft) {
        lock(subject);
        ConsentEvent head = events.findFirstBySubjectOrderBySeqDesc(subject).orElse(null);
        ConsentEvent event = ConsentEvent.next(subject, head, draft, clock.instant());
        entityManager.persist(event);
        entityManager.flush();
        return event;
    }

    /** Walks the whole chain and reports the first entry whose link or hash does not hold. */
    @Transactional(readOnly = true)
    public ChainVerification verify(String subject) {
        try (Stream<ConsentEvent> chain = events.streamBySubjectOrderBySeqAsc(subject)) {
            long expectedSeq = 1;
            String previousHash = ConsentEvent.GENESIS_HASH;
            Long firstInvalid = null;
            for (ConsentEvent event : (Iterable<ConsentEvent>) chain::iterator) {
                boolean intact = event.seq() == expectedSeq && event.prevHash().equals(previousHash)
                        && event.computeHash().equals(event.hash());
                if (!intact && firstInvalid == null) {
                    firstInvalid = expectedSeq;
                }
                entityManager.detach(event);
                previousHash = event.hash();
                expectedSeq++;
            }
            return new ChainVerification(firstInvalid == null, expectedSeq - 1, previousHash, firstInvalid);
        }
    }
}
