package dev.camroll.consent.internal;

import dev.camroll.consent.ChainVerification;
import org.jspecify.annotations.Nullable;

/**
 * A walk along a stretch of one user's ledger in seq order: each entry must follow the one before (seq, prevHash)
 * and hash to its stored hash. Remembers the first entry that does not and the last one up to which all did.
 */
final class ChainWalk {

    private long expectedSeq;

    private String previousHash;

    private @Nullable Long firstInvalid;

    private ChainHeads.Head lastIntact;

    private long walked;

    private ChainWalk(ChainHeads.Head from) {
        this.expectedSeq = from.seq() + 1;
        this.previousHash = from.hash();
        this.lastIntact = from;
    }

    /** A walk that continues after {@code from}, which was verified before ({@link ChainHeads.Head#GENESIS}: all). */
    static ChainWalk after(ChainHeads.Head from) {
        return new ChainWalk(from);
    }

    void accept(ConsentEvent event) {
        walked++;
        boolean intact = event.seq() == expectedSeq
                && event.prevHash().equals(previousHash)
                && event.computeHash().equals(event.hash());
        if (!intact) {
            broken(expectedSeq);
        } else if (firstInvalid == null) {
            lastIntact = new ChainHeads.Head(event.seq(), event.hash());
        }
        previousHash = event.hash();
        expectedSeq++;
    }

    /** Marks {@code seq} as failing, found by another check than this walk's. */
    void broken(long seq) {
        firstInvalid = firstInvalid == null ? seq : Math.min(firstInvalid, seq);
    }

    boolean intact() {
        return firstInvalid == null;
    }

    /** The last entry up to which everything walked was intact: where the verified head may move. */
    ChainHeads.Head lastIntact() {
        return lastIntact;
    }

    /** How many entries the walk hashed. */
    long walked() {
        return walked;
    }

    ChainVerification result() {
        return new ChainVerification(firstInvalid == null, expectedSeq - 1, previousHash, firstInvalid);
    }
}
