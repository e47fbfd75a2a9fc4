package dev.camroll.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camroll.client.Consent.HistoryEntry;
import dev.camroll.client.Consent.Receipt;
import dev.camroll.client.Verification.Finding;
import dev.camroll.client.Verification.Kind;

/**
 * The transparency log's part of one verification. Every checkpoint seen (the log's newest, the receipts' proofs',
 * the kept one) is compared with the newest of them, each distinct one once: that is enough to tie them all to one
 * append-only history, and asks for one consistency proof per distinct size.
 */
final class LogChecks {

    private final LogVerifierKey key;

    private final LogView view;

    /** Per event id, its receipt's proof as read. */
    private final Map<String, Read> proofs = new HashMap<>();

    /** The newest checkpoint seen, which every other one is compared with; null when none was seen. */
    private final Checkpoint newest;

    /** Comparisons with {@link #newest}, by tree head (size and root). */
    private final Map<String, LogConsistency.Result> comparisons = new HashMap<>();

    private long proven;

    private long unproven;

    /** The kept checkpoint against the newest seen, once compared. */
    private LogConsistency.Result keptResult;

    LogChecks(LogVerifierKey key, LogView view, List<HistoryEntry> history, Map<String, Receipt> receipts) {
        this.key = key;
        this.view = view;
        Checkpoint largest = view.newest();
        for (HistoryEntry entry : history) {
            Receipt receipt = receipts.get(entry.eventId());
            if (receipt == null || receipt.proof() == null) {
                continue;
            }
            try {
                LogProof proof = LogProof.parse(receipt.proof(), key);
                proofs.put(entry.eventId(), new Read(proof, null));
                if (largest == null || proof.checkpoint().size() > largest.size()) {
                    largest = proof.checkpoint();
                }
            } catch (IllegalArgumentException e) {
                proofs.put(entry.eventId(), new Read(null, e));
            }
        }
        this.newest = largest;
    }

    /** The problems of one entry's proof; none when it carries none (counted as unproven) or proves the entry. */
    List<Finding> check(HistoryEntry entry, Receipt receipt) {
        Read read = proofs.get(entry.eventId());
        if (read == null) {
            unproven++;
            return List.of();
        }
        if (read.error() instanceof SignedNote.Unverified unsigned) {
            return List.of(finding(
                    entry,
                    Kind.CHECKPOINT_SIGNATURE,
                    "its receipt's log proof ends in a checkpoint the log " + key.name() + " did not sign: "
                            + unsigned.getMessage()));
        }
        if (read.error() != null) {
            return List.of(finding(
                    entry,
                    Kind.LOG_PROOF_INVALID,
                    "its receipt's log proof is unreadable: " + read.error().getMessage()));
        }
        LogProof proof = read.proof();
        if (!proof.proves(entry.hash())) {
            return List.of(finding(entry, Kind.NOT_IN_LOG, notInLog(entry, receipt, proof)));
        }
        LogConsistency.Result result = compareWithNewest(proof.checkpoint());
        if (result.failed()) {
            return List.of(finding(
                    entry,
                    kind(result.outcome()),
                    "its proof's checkpoint (" + entries(proof.checkpoint().size()) + ") and the newest one seen ("
                            + entries(newest.size()) + ") cannot both be the log's: " + result.message()));
        }
        proven++;
        return List.of();
    }

    /** The findings about the log as a whole: its newest checkpoint and the kept one against what the proofs show. */
    List<Finding> log() {
        List<Finding> findings = new ArrayList<>();
        if (view.newest() != null && newest != view.newest()) {
            LogConsistency.Result result = compareWithNewest(view.newest());
            if (result.failed()) {
                findings.add(logFinding(
                        result.outcome(),
                        "the log's newest checkpoint and the larger one a receipt's proof carries cannot both be the"
                                + " log's: " + result.message()));
            }
        }
        LogConsistency.Result againstKept = keptResult();
        if (againstKept != null && againstKept.failed()) {
            findings.add(logFinding(
                    againstKept.outcome(),
                    "the checkpoint kept from before (" + entries(view.kept().size())
                            + ") and the log as it shows itself now cannot both be true: " + againstKept.message()));
        }
        return findings;
    }

    Verification.LogCheck summary() {
        long unchecked = comparisons.values().stream()
                .filter(r -> r.outcome() == LogConsistency.Outcome.UNCHECKED)
                .count();
        return new Verification.LogCheck(key.name(), proven, unproven, unchecked, newest, view.kept(), keptResult());
    }

    /**
     * The kept checkpoint against the newest seen. Online, a kept one larger than all the log shows now is a rollback
     * (judged by the receipts' checkpoints too, so that one stale answer for the newest is none); offline, an export
     * older than the kept checkpoint is no news.
     */
    private LogConsistency.Result keptResult() {
        if (keptResult == null && view.kept() != null && newest != null) {
            keptResult = view.newest() != null && newest.size() < view.kept().size()
                    ? LogConsistency.check(view.kept(), newest, view.proofs())
                    : compareWithNewest(view.kept());
        }
        return keptResult;
    }

    private LogConsistency.Result compareWithNewest(Checkpoint checkpoint) {
        return comparisons.computeIfAbsent(
                checkpoint.size() + " " + checkpoint.root(),
                head -> LogConsistency.compare(checkpoint, newest, view.proofs()));
    }

    private String notInLog(HistoryEntry entry, Receipt receipt, LogProof proof) {
        Object claimed;
        try {
            claimed = ReceiptVerifier.claims(receipt.jws()).get("hash");
        } catch (IllegalArgumentException unreadable) {
            claimed = null;
        }
        if (claimed instanceof String stated && !stated.equals(entry.hash()) && proof.proves(stated)) {
            return "the log holds this entry with the hash " + Codec.abbreviate(stated) + " its receipt states, not "
                    + "with the history's " + Codec.abbreviate(entry.hash()) + ": the ledger was rewritten after the "
                    + "entry was logged";
        }
        return "its hash " + Codec.abbreviate(entry.hash()) + " is not in the log: the receipt's proof does not lead "
                + "from the entry's leaf at index " + proof.index() + " to the root of the log's checkpoint of "
                + entries(proof.checkpoint().size()) + " (the entry was changed after it was logged, or the proof is "
                + "another entry's)";
    }

    private static Kind kind(LogConsistency.Outcome outcome) {
        return switch (outcome) {
            case FORK -> Kind.LOG_FORK;
            case ROLLBACK -> Kind.LOG_ROLLBACK;
            default -> Kind.LOG_INCONSISTENT;
        };
    }

    private static Finding logFinding(LogConsistency.Outcome outcome, String message) {
        return new Finding(0, null, kind(outcome), message);
    }

    private static Finding finding(HistoryEntry entry, Kind kind, String message) {
        return new Finding(entry.seq(), entry.eventId(), kind, message);
    }

    private static String entries(long size) {
        return size + (size == 1 ? " entry" : " entries");
    }

    /** A receipt's proof as read: the proof, or why it could not be. */
    private record Read(LogProof proof, IllegalArgumentException error) {}
}
