package dev.camroll.client;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ReceiptVerifier} found: whether the ledger's hash chain holds, every receipt is signed by the service
 * and restates its entry, and (with the log's key) the transparency log holds every entry.
 *
 * @param valid no finding at all
 * @param length the number of entries verified
 * @param headHash the last entry's hash, as the history states it (64 zeros for an empty ledger)
 * @param firstInvalidSeq the seq of the first entry with a finding, or null
 * @param entries one line per entry, in the history's order
 * @param findings every problem, ordered by seq (those about the log as a whole first, at seq 0 without an event),
 *     each with a sentence for a person
 * @param log how the receipts' proofs and the log's checkpoints fared; null when verified without the log's key
 */
public record Verification(
        boolean valid,
        long length,
        String headHash,
        Long firstInvalidSeq,
        List<EntryCheck> entries,
        List<Finding> findings,
        LogCheck log) {

    public Verification {
        entries = List.copyOf(entries);
        findings = List.copyOf(findings);
    }

    /** Whether the hash chain holds (sequence, links and hashes), whatever the receipts say. */
    public boolean chainValid() {
        return findings.stream().noneMatch(f -> f.kind().chain());
    }

    /** Whether the transparency log's part holds: no finding about a proof, a checkpoint or their consistency. */
    public boolean logValid() {
        return findings.stream().noneMatch(f -> f.kind().log());
    }

    /**
     * The checkpoint to keep for the next verification ({@link LogView#kept()}): the newest one seen, once everything
     * verified and it is shown to extend the one kept before (or none was kept). Null otherwise: keep the old one.
     */
    public Checkpoint checkpointToKeep() {
        if (!valid || log == null || log.checkpoint() == null) {
            return null;
        }
        if (log.kept() == null) {
            return log.checkpoint();
        }
        LogConsistency.Outcome outcome =
                log.keptResult() == null ? null : log.keptResult().outcome();
        boolean extendsKept = log.checkpoint().size() >= log.kept().size()
                && (outcome == LogConsistency.Outcome.SAME || outcome == LogConsistency.Outcome.CONSISTENT);
        return extendsKept ? log.checkpoint() : null;
    }

    /** The findings about the entry (or receipt) with this seq. */
    public List<Finding> findings(long seq) {
        List<Finding> found = new ArrayList<>();
        for (Finding finding : findings) {
            if (finding.seq() == seq) {
                found.add(finding);
            }
        }
        return found;
    }

    /** How one entry fared: its place in the chain and its receipt. */
    public record EntryCheck(long seq, String eventId, boolean chainIntact, ReceiptStatus receipt) {}

    /**
     * How the receipts' proofs and the log's checkpoints fared.
     *
     * @param origin the log, as its key names it
     * @param proven the receipts whose entry the log holds ({@link ReceiptStatus#PROVEN})
     * @param unproven the receipts that carry no proof: from before the log, or of an erased account
     * @param unchecked the checkpoints seen that could not be compared with {@code checkpoint} for want of a
     *     consistency proof (offline)
     * @param checkpoint the newest checkpoint seen, the log's or the largest a proof carries; null when none
     * @param kept the checkpoint kept from before ({@link LogView#kept()}), or null
     * @param keptResult how {@code checkpoint} relates to {@code kept}; null when either is missing
     */
    public record LogCheck(
            String origin,
            long proven,
            long unproven,
            long unchecked,
            Checkpoint checkpoint,
            Checkpoint kept,
            LogConsistency.Result keptResult) {}

    public enum ReceiptStatus {
        /** Signed by a key of the set, and it restates the entry; not proven in the log (see {@link #PROVEN}). */
        VALID,
        /**
         * {@link #VALID}, and its proof shows the entry in the transparency log under a checkpoint the log's key signed,
         * consistent with the others seen.
         */
        PROVEN,
        /** No receipt was given for the entry. */
        MISSING,
        /** Not a valid receipt of this entry: see the findings. */
        INVALID,
        /** Receipts were not part of this verification. */
        NOT_CHECKED
    }

    /**
     * One problem, at the entry with {@code seq} (for a receipt without an entry: the seq the receipt states; for the
     * log as a whole: 0, and no {@code eventId}).
     */
    public record Finding(long seq, String eventId, Kind kind, String message) {}

    public enum Kind {
        /** The entry's seq is not the one after its predecessor's (an entry is missing, doubled or out of order). */
        SEQ_GAP(Part.CHAIN),
        /** The entry's prevHash is not its predecessor's hash. */
        BROKEN_LINK(Part.CHAIN),
        /** The entry's content does not hash to its hash: it was changed after it was written. */
        HASH_MISMATCH(Part.CHAIN),
        /** No receipt for the entry was given. */
        RECEIPT_MISSING(Part.RECEIPT),
        /** The receipt is not a compact JWS with an ES256 header and a JSON payload. */
        RECEIPT_MALFORMED(Part.RECEIPT),
        /** The receipt names a key ({@code kid}) the key set does not hold. */
        UNKNOWN_KEY(Part.RECEIPT),
        /** The receipt's signature does not verify under the key it names. */
        BAD_SIGNATURE(Part.RECEIPT),
        /** The receipt is validly signed but states something else than the entry (or another subject). */
        RECEIPT_MISMATCH(Part.RECEIPT),
        /** A receipt whose event the history does not hold: an entry was removed, or the receipt is another's. */
        RECEIPT_WITHOUT_ENTRY(Part.RECEIPT),
        /**
         * The entry, as the history shows it, is not in the log: its proof does not lead from the entry's leaf to the
         * checkpoint's root. A ledger rewritten after its entries were logged shows this, however consistent its
         * chain.
         */
        NOT_IN_LOG(Part.LOG),
        /** The receipt's proof is not a tlog-proof with the salt, or its index lies outside its checkpoint. */
        LOG_PROOF_INVALID(Part.LOG),
        /** The proof's checkpoint is not signed by the log's key, or is of another log. */
        CHECKPOINT_SIGNATURE(Part.LOG),
        /** Two checkpoints of one size with different roots: the log shows different trees to different readers. */
        LOG_FORK(Part.LOG),
        /** The log's newest checkpoint is smaller than the one kept from before. */
        LOG_ROLLBACK(Part.LOG),
        /** A consistency proof between two checkpoints does not verify: the larger tree does not extend the smaller. */
        LOG_INCONSISTENT(Part.LOG);

        private enum Part {
            CHAIN,
            RECEIPT,
            LOG
        }

        private final Part part;

        Kind(Part part) {
            this.part = part;
        }

        /** Whether this is a finding about the hash chain (not about a receipt or the log). */
        public boolean chain() {
            return part == Part.CHAIN;
        }

        /** Whether this is a finding about the transparency log: a proof, a checkpoint, their consistency. */
        public boolean log() {
            return part == Part.LOG;
        }
    }
}
