package dev.camroll.transparency;

import java.util.Optional;
import java.util.UUID;

/**
 * The transparency log of the consent ledger. An entry is queued in the transaction that appends it to the ledger, so
 * nothing committed there can miss the log; it gets its place in the tree when the queue is integrated (on demand, or
 * in the background every second), and is proven against a signed checkpoint.
 */
public interface ConsentLog {

    /** Queues a ledger entry (its id, its user, its SHA-256 hash in hex) in the caller's transaction. */
    void enqueue(UUID eventId, String subject, String entryHash);

    /**
     * The C2SP tlog-proof of the entry against the newest checkpoint, integrating the queue and signing a checkpoint
     * first if none covers the entry yet (in transactions of its own: call it after the ledger's transaction). Empty
     * when the entry is not in the log (unknown, or its user was forgotten).
     */
    Optional<String> proof(UUID eventId);

    /**
     * The proof of an entry already covered by a checkpoint, read in the caller's transaction (an export that proves
     * every entry in one read calls {@link #publish} before it); empty if not covered.
     */
    Optional<String> coveredProof(UUID eventId);

    /** Integrates everything queued and signs a checkpoint if the tree grew, in a transaction of its own. */
    void publish();

    /**
     * Forgets {@code subject} once their queued entries are in the log (in the caller's transaction; done by the next
     * integration): their salt and positions go, so their leaves stay in the tree, verifiable and linkable to no one.
     */
    void forget(String subject);
}
