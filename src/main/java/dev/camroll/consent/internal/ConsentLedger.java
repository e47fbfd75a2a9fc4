package dev.camroll.consent.internal;

import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

import dev.camroll.consent.ChainVerification;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.transparency.ConsentLog;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.persistence.EntityManager;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The append-only consent ledger: one hash chain per user, every entry also queued for the transparency log in the
 * same transaction. Appends for one user are serialized by the user's
 * account row lock, so racing requests still produce seq 1..n with unbroken links; appends for different users
 * take different locks and do not wait for each other.
 */
@Component
class ConsentLedger {

    /** Ledger entries hashed by verifications, by walk: incremental (after the head), full, page (entries shown). */
    static final String ENTRIES_VERIFIED = "camroll.consent.chain.entries.verified";

    private final EntityManager entityManager;

    private final ConsentEvents events;

    private final LatestDecisions latest;

    private final UserAccounts accounts;

    private final Clock clock;

    private final ChainHeads heads;

    private final MeterRegistry meters;

    private final ConsentLog log;

    ConsentLedger(
            EntityManager entityManager,
            ConsentEvents events,
            LatestDecisions latest,
            UserAccounts accounts,
            Clock clock,
            ChainHeads heads,
            MeterRegistry meters,
            ConsentLog log) {
        this.heads = heads;
        this.log = log;
        this.meters = meters;
        this.entityManager = entityManager;
        this.events = events;
        this.latest = latest;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** Takes {@code subject}'s ledger lock for the rest of the current transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    void lock(Subject subject) {
        accounts.lock(subject);
    }

    /** Appends to the chain of {@code subject}, whose ledger lock ({@link #lock}) the caller's transaction holds. */
    @Transactional(propagation = Propagation.MANDATORY)
    ConsentEvent append(Subject subject, ConsentEvent.Draft draft) {
        // Two columns of the last entry, not the entity: the new entry only links to its seq and hash.
        ConsentEvent event = ConsentEvent.next(subject.value(), latest.head(subject), draft, clock.instant());
        entityManager.persist(event);
        entityManager.flush();
        log.enqueue(event.eventId(), event.subject(), event.hash());
        return event;
    }

    /**
     * A verification and how it may move the verified head: {@code from} as read before the walk, {@code to} where
     * the walk found the chain intact up to. Move it with {@link #remember} once the reading transaction has ended.
     */
    record Verification(ChainVerification chain, ChainHeads.Head from, ChainHeads.Head to) {}

    /**
     * Verifies incrementally: the head entry again (its stored hash must still be the verified one and match its
     * fields), then only the entries after the verified head, plus the entries of {@code shown} (a page about to be
     * answered, read anyway). A break before the head found among {@code shown} sends the head back to the start. An
     * entry before the head that was rewritten together with its hash, and not shown, is not noticed here: the full
     * walk ({@link #verifyAll}) finds it. When the head entry itself no longer matches, this walks the whole chain.
     */
    @Transactional(readOnly = true)
    Verification verify(Subject subject, List<ConsentEvent> shown) {
        ChainHeads.Head head = heads.of(subject);
        if (head.seq() > 0 && !anchored(subject, head)) {
            return verifyAll(subject, event -> {});
        }
        ChainWalk walk = ChainWalk.after(head);
        try (Stream<ConsentEvent> after =
                events.streamBySubjectAndSeqGreaterThanOrderBySeqAsc(subject.value(), head.seq())) {
            after.forEach(event -> {
                walk.accept(event);
                entityManager.detach(event);
            });
        }
        counted("incremental", walk.walked());
        ChainHeads.Head to = walk.lastIntact();
        Long shownBroken = firstBroken(shown);
        if (shownBroken != null) {
            walk.broken(shownBroken);
            if (shownBroken <= head.seq()) {
                to = ChainHeads.Head.GENESIS; // something before the head changed: the next read walks everything
            }
        }
        return new Verification(walk.result(), head, to);
    }

    /** Walks the whole chain from its first entry and reports the first entry whose link or hash does not hold. */
    @Transactional(readOnly = true)
    Verification verifyAll(Subject subject) {
        return verifyAll(subject, event -> {});
    }

    /**
     * Walks the whole chain, handing each entry to {@code reader} (a caller that shows the whole ledger reads it only
     * once), and reports it as {@link #verifyAll(Subject)} does.
     */
    @Transactional(readOnly = true)
    Verification verifyAll(Subject subject, Consumer<ConsentEvent> reader) {
        ChainHeads.Head head = heads.of(subject);
        ChainWalk walk = ChainWalk.after(ChainHeads.Head.GENESIS);
        try (Stream<ConsentEvent> chain = events.streamBySubjectOrderBySeqAsc(subject.value())) {
            chain.forEach(event -> {
                walk.accept(event);
                reader.accept(event);
                entityManager.detach(event);
            });
        }
        counted("full", walk.walked());
        return new Verification(walk.result(), head, walk.lastIntact());
    }

    /** Moves the verified head as {@code verification} found; outside the transaction that read the chain. */
    void remember(Subject subject, Verification verification) {
        heads.move(subject, verification.from(), verification.to());
    }

    /** Whether the entry at the verified head is still the one that was verified. */
    private boolean anchored(Subject subject, ChainHeads.Head head) {
        counted("incremental", 1);
        return events.findBySubjectAndSeq(subject.value(), head.seq())
                .map(entry ->
                        entry.hash().equals(head.hash()) && entry.computeHash().equals(entry.hash()))
                .orElse(false);
    }

    /** The first of {@code shown} (consecutive entries) that does not hash to its hash or link to the one before. */
    private @Nullable Long firstBroken(List<ConsentEvent> shown) {
        counted("page", shown.size());
        for (int i = 0; i < shown.size(); i++) {
            ConsentEvent entry = shown.get(i);
            boolean linked = i == 0
                    ? entry.seq() != 1 || entry.prevHash().equals(ConsentEvent.GENESIS_HASH)
                    : entry.seq() == shown.get(i - 1).seq() + 1
                            && entry.prevHash().equals(shown.get(i - 1).hash());
            if (!linked || !entry.computeHash().equals(entry.hash())) {
                return entry.seq();
            }
        }
        return null;
    }

    private void counted(String walk, long entries) {
        meters.counter(ENTRIES_VERIFIED, "walk", walk).increment(entries);
    }
}
