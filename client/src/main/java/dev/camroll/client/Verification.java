package dev.camroll.client;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link ReceiptVerifier} found: whether the ledger's hash chain holds and every receipt is signed by the service
 * and restates its entry.
 *
 * @param valid no finding at all
 * @param length the number of entries verified
 * @param headHash the last entry's hash, as the history states it (64 zeros for an empty ledger)
 * @param firstInvalidSeq the seq of the first entry with a finding, or null
 * @param entries one line per entry, in the history's order
 * @param findings every problem, ordered by seq, each with a sentence for a person
 */
public record Verification(
        boolean valid,
        long length,
        String headHash,
        Long firstInvalidSeq,
        List<EntryCheck> entries,
        List<Finding> findings) {

    public Verification {
        entries = List.copyOf(entries);
        findings = List.copyOf(findings);
    }

    /** Whether the hash chain holds (sequence, links and hashes), whatever the receipts say. */
    public boolean chainValid() {
        return findings.stream().noneMatch(f -> f.kind().chain());
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

    public enum ReceiptStatus {
        /** Signed by a key of the set, and it restates the entry. */
        VALID,
        /** No receipt was given for the entry. */
        MISSING,
        /** Not a valid receipt of this entry: see the findings. */
        INVALID,
        /** Receipts were not part of this verification. */
        NOT_CHECKED
    }

    /** One problem, at the entry with {@code seq} (for a receipt without an entry: the seq the receipt states). */
    public record Finding(long seq, String eventId, Kind kind, String message) {}

    public enum Kind {
        /** The entry's seq is not the one after its predecessor's (an entry is missing, doubled or out of order). */
        SEQ_GAP(true),
        /** The entry's prevHash is not its predecessor's hash. */
        BROKEN_LINK(true),
        /** The entry's content does not hash to its hash: it was changed after it was written. */
        HASH_MISMATCH(true),
        /** No receipt for the entry was given. */
        RECEIPT_MISSING(false),
        /** The receipt is not a compact JWS with an ES256 header and a JSON payload. */
        RECEIPT_MALFORMED(false),
        /** The receipt names a key ({@code kid}) the key set does not hold. */
        UNKNOWN_KEY(false),
        /** The receipt's signature does not verify under the key it names. */
        BAD_SIGNATURE(false),
        /** The receipt is validly signed but states something else than the entry (or another subject). */
        RECEIPT_MISMATCH(false),
        /** A receipt whose event the history does not hold: an entry was removed, or the receipt is another's. */
        RECEIPT_WITHOUT_ENTRY(false);

        private final boolean chain;

        Kind(boolean chain) {
            this.chain = chain;
        }

        /** Whether this is a finding about the hash chain (not about a receipt). */
        public boolean chain() {
            return chain;
        }
    }
}
