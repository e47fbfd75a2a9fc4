package dev.camroll.client;

import java.util.List;

/**
 * Whether two checkpoints of one log can both be true, the check that makes a log append-only for those who keep what
 * they saw: a log never shrinks, never shows two trees of one size, and each tree extends every smaller one. Keep the
 * newest checkpoint you verified; {@link #check} the next one against it.
 *
 * <pre>{@code
 * LogConsistency.Result result = LogConsistency.check(kept, newest, ConsistencyProofs.online(camroll.consent()));
 * if (result.failed()) {
 *     System.err.println(result.message()); // keep both notes: the log signed both
 * }
 * }</pre>
 */
public final class LogConsistency {

    public enum Outcome {
        /** The same tree: size and root. */
        SAME,
        /** The larger tree extends the smaller: the consistency proof verifies. */
        CONSISTENT,
        /** Of different sizes, and no consistency proof was at hand (offline): not compared. */
        UNCHECKED,
        /** Two trees of one size with different roots: the log shows different histories to different readers. */
        FORK,
        /** The log's newest tree is smaller than one seen before. */
        ROLLBACK,
        /** The larger tree does not extend the smaller one: the consistency proof does not verify. */
        INCONSISTENT;

        /** Whether the two checkpoints cannot both be true of an append-only log. */
        public boolean failed() {
            return this == FORK || this == ROLLBACK || this == INCONSISTENT;
        }
    }

    /** An outcome and a sentence for a person. */
    public record Result(Outcome outcome, String message) {

        public boolean failed() {
            return outcome.failed();
        }
    }

    private LogConsistency() {}

    /**
     * The checkpoint {@code kept} from before against the log's {@code newest} one: a smaller newest one is a
     * {@link Outcome#ROLLBACK}; otherwise as {@link #compare}.
     */
    public static Result check(Checkpoint kept, Checkpoint newest, ConsistencyProofs proofs) {
        if (newest.size() < kept.size()) {
            return new Result(
                    Outcome.ROLLBACK,
                    "the log's newest checkpoint has " + entries(newest.size()) + ", fewer than the "
                            + kept.size() + " of the checkpoint seen before: the log was rolled back, or this is an"
                            + " old view of it");
        }
        return compare(kept, newest, proofs);
    }

    /**
     * Two checkpoints of one log, in either order: of one size, they must have one root; of two, the larger tree must
     * extend the smaller, which a consistency proof from {@code proofs} shows (none at hand: {@link
     * Outcome#UNCHECKED}).
     */
    public static Result compare(Checkpoint a, Checkpoint b, ConsistencyProofs proofs) {
        if (!a.origin().equals(b.origin())) {
            return new Result(
                    Outcome.INCONSISTENT, "the checkpoints are of two logs, " + a.origin() + " and " + b.origin());
        }
        Checkpoint smaller = a.size() <= b.size() ? a : b;
        Checkpoint larger = smaller == a ? b : a;
        if (smaller.size() == larger.size()) {
            return smaller.root().equals(larger.root())
                    ? new Result(Outcome.SAME, "the same tree of " + entries(smaller.size()))
                    : new Result(
                            Outcome.FORK,
                            "two checkpoints of " + entries(smaller.size()) + " have different roots ("
                                    + Codec.abbreviate(smaller.root()) + " and " + Codec.abbreviate(larger.root())
                                    + "): the log shows different trees to different readers, a fork");
        }
        if (smaller.size() == 0) {
            return new Result(Outcome.CONSISTENT, "every tree extends the empty one");
        }
        String pair = "the tree of " + entries(larger.size()) + " and the tree of " + entries(smaller.size());
        List<byte[]> proof;
        try {
            proof = proofs.between(smaller.size(), larger.size());
        } catch (IllegalArgumentException malformed) {
            return new Result(
                    Outcome.INCONSISTENT,
                    pair + ": the consistency proof is malformed (" + malformed.getMessage() + ")");
        }
        if (proof == null) {
            return new Result(Outcome.UNCHECKED, pair + " were not compared: no consistency proof at hand");
        }
        return Merkle.verifyConsistency(smaller.size(), larger.size(), smaller.rootHash(), larger.rootHash(), proof)
                ? new Result(Outcome.CONSISTENT, pair + ": the larger extends the smaller, the consistency proof holds")
                : new Result(
                        Outcome.INCONSISTENT,
                        pair + ": the larger does not extend the smaller, the consistency proof does not verify (the"
                                + " log was rewritten, or forked)");
    }

    private static String entries(long size) {
        return size + (size == 1 ? " entry" : " entries");
    }
}
