package dev.camroll.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.camroll.client.Account;
import dev.camroll.client.CamrollClient;
import dev.camroll.client.Checkpoint;
import dev.camroll.client.Consent;
import dev.camroll.client.ConsistencyProofs;
import dev.camroll.client.Jwks;
import dev.camroll.client.LogConsistency;
import dev.camroll.client.LogVerifierKey;
import dev.camroll.client.LogView;
import dev.camroll.client.ProblemException;
import dev.camroll.client.ReceiptVerifier;
import dev.camroll.client.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camroll verify}: recomputes the consent ledger's hash chain, checks every receipt's signature and its proof in
 * the transparency log, on this machine. The service's signing keys are fetched once and kept; the log's key is pinned
 * on first use; the newest checkpoint is kept per service, for the next run to check the log against. With
 * {@code --export} nothing else is fetched.
 */
@Command(
        name = "verify",
        usageHelpAutoWidth = true,
        description = {
            "Check your consent ledger yourself: recompute its hash chain, check every receipt's signature with the "
                    + "service's published keys (fetched once, then kept), and check that the service's transparency "
                    + "log holds every entry: each receipt's inclusion proof, under a checkpoint signed by the log's "
                    + "key, consistent with the log's newest checkpoint and with the one kept from the last run.",
            "",
            "The log's key is pinned on first use (or with --log-key) and kept, per service, beside the newest "
                    + "checkpoint, which is kept only once everything verified. A fork (two trees of one size), a "
                    + "rollback (a log smaller than seen before) or a log that does not extend the kept checkpoint "
                    + "fails the check.",
            "",
            "With --export, an export file is checked without asking the service anything: its proofs' checkpoints "
                    + "are compared with the kept one where their sizes match."
        })
final class VerifyCommand implements Callable<Integer> {

    private final Camroll camroll;

    @Option(names = "--export", paramLabel = "FILE", description = "Verify the ledger in this export (camroll export).")
    Path export;

    @Option(
            names = "--refresh-keys",
            description = "Fetch the service's receipt keys again (after it rotated them). The log's key stays pinned.")
    boolean refreshKeys;

    @Option(
            names = "--log-key",
            paramLabel = "KEY",
            description = "Pin this verifier key of the transparency log (NAME+ID+KEY, as the operator publishes it) "
                    + "instead of the one the service serves on first use. A new key drops the kept checkpoint.")
    String logKey;

    VerifyCommand(Camroll camroll) {
        this.camroll = camroll;
    }

    @Override
    public Integer call() throws IOException {
        Jwks jwks = keys();
        Path keptFile = State.file(camroll, "log-checkpoint", false);
        LogVerifierKey key = pinnedLogKey(keptFile);
        Checkpoint kept = kept(keptFile, key);
        String subject;
        List<Consent.HistoryEntry> history;
        List<Consent.Receipt> receipts;
        LogView log;
        if (export != null) {
            Account.Export document = Account.Export.parse(Files.readAllBytes(export));
            subject = document.subject();
            history = document.history();
            receipts = document.receipts();
            log = new LogView(kept, null, null);
        } else {
            subject = State.subject(camroll.config().token(camroll.tokenFlag()));
            CamrollClient client = camroll.client();
            history = client.consent().history().entries();
            receipts = client.consent().receipts(history);
            // Fetched after the receipts, so that it covers their proofs' checkpoints.
            log = new LogView(kept, newest(client, key), ConsistencyProofs.online(client.consent()));
        }
        Verification verification = new ReceiptVerifier(jwks, key).verify(subject, history, receipts, log);
        if (camroll.json()) {
            camroll.printJson(verification);
        } else {
            print(subject, verification, keptFile);
        }
        Checkpoint keep = verification.checkpointToKeep();
        if (keep != null && !keep.equals(kept)) {
            State.write(keptFile, keep.note());
        }
        return verification.valid() ? 0 : Camroll.FAILED;
    }

    /** The service's keys, from the state directory when fetched before. */
    private Jwks keys() {
        Path file = State.file(camroll, "jwks", false);
        String cached = refreshKeys ? null : State.read(file);
        if (cached != null) {
            return Jwks.parse(cached);
        }
        Jwks keys = camroll.client().consent().jwks();
        State.write(file, keys.json());
        return keys;
    }

    /**
     * The log's key: {@code --log-key}, else the one pinned before, else the one the service serves now, pinned from
     * then on (trust on first use: a key fetched anew each run would let the service swap logs unseen).
     */
    private LogVerifierKey pinnedLogKey(Path keptFile) throws IOException {
        Path file = State.file(camroll, "log-key", false);
        String pinned = State.read(file);
        if (logKey != null) {
            LogVerifierKey given = LogVerifierKey.parse(logKey);
            if (!given.text().equals(pinned)) {
                State.write(file, given.text());
                // A checkpoint kept for another key is of another log.
                if (Files.deleteIfExists(keptFile)) {
                    camroll.err().println("camroll: the checkpoint kept for the log key " + pinned + " is dropped");
                }
            }
            return given;
        }
        if (pinned != null) {
            try {
                return LogVerifierKey.parse(pinned);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(
                        "the log key pinned in " + file + " is unreadable (" + e.getMessage()
                                + "): pin one with --log-key",
                        e);
            }
        }
        LogVerifierKey served = camroll.client().consent().logKey();
        State.write(file, served.text());
        camroll.err()
                .println("camroll: pinned the transparency log's key " + served.text()
                        + " (first use: compare it with the key the operator publishes)");
        return served;
    }

    /** The checkpoint kept from the last run that verified everything, or null. */
    private static Checkpoint kept(Path file, LogVerifierKey key) {
        String note = State.read(file);
        if (note == null) {
            return null;
        }
        try {
            // State.read trims; a note ends with its newline.
            return Checkpoint.open(note + "\n", key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the checkpoint kept in " + file + " does not verify with the pinned log key (" + e.getMessage()
                            + "): delete it to start afresh",
                    e);
        }
    }

    /** The log's newest checkpoint, null before the log has one; one the pinned key did not sign fails the command. */
    private static Checkpoint newest(CamrollClient client, LogVerifierKey key) {
        String note;
        try {
            note = client.consent().logCheckpoint();
        } catch (ProblemException.NotFound empty) {
            return null;
        }
        try {
            return Checkpoint.open(note, key);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "the log's newest checkpoint is not the pinned log's (" + key.text() + "): " + e.getMessage(), e);
        }
    }

    private void print(String subject, Verification verification, Path keptFile) {
        // Signed and matching: a receipt with no finding of its own, whatever the log says of its entry.
        long signed = verification.entries().stream()
                .filter(e -> e.receipt() != Verification.ReceiptStatus.MISSING
                        && e.receipt() != Verification.ReceiptStatus.NOT_CHECKED
                        && verification.findings(e.seq()).stream()
                                .allMatch(f -> f.kind().chain() || f.kind().log()))
                .count();
        camroll.out()
                .printf(
                        Locale.ROOT,
                        "Consent ledger of %s: %d %s, head %s%n",
                        subject,
                        verification.length(),
                        verification.length() == 1 ? "entry" : "entries",
                        verification.headHash());
        camroll.out().println("  chain     " + (verification.chainValid() ? "intact" : "BROKEN"));
        camroll.out()
                .printf(
                        Locale.ROOT,
                        "  receipts  %d of %d signed by the service and matching%n",
                        signed,
                        verification.length());
        printLog(verification.log(), verification.length());
        boolean logFailed = false;
        for (Verification.Finding finding : verification.findings()) {
            if (finding.eventId() == null) {
                logFailed = true;
                camroll.out().println("  log: " + finding.message());
            } else {
                camroll.out()
                        .printf(
                                Locale.ROOT,
                                "  seq %d (%s): %s%n",
                                finding.seq(),
                                finding.eventId(),
                                finding.message());
            }
        }
        if (logFailed) {
            camroll.out()
                    .println("  The log signed both checkpoints: keep " + keptFile
                            + " (left as it was) and this output as evidence.");
        }
        camroll.out().println(verification.valid() ? "OK" : "FAILED");
    }

    private void printLog(Verification.LogCheck log, long entries) {
        String newest = log.checkpoint() == null
                ? "no checkpoint seen"
                : "checkpoint of " + log.checkpoint().size() + " entries";
        camroll.out()
                .printf(
                        Locale.ROOT,
                        "  log       %d of %d proven in %s (%s%s)%n",
                        log.proven(),
                        entries,
                        log.origin(),
                        newest,
                        log.unchecked() == 0 ? "" : "; " + log.unchecked() + " not compared with it, offline");
        if (log.unproven() > 0) {
            camroll.out()
                    .printf(
                            Locale.ROOT,
                            "            %d %s no proof: from before the log, or of an erased account%n",
                            log.unproven(),
                            log.unproven() == 1 ? "receipt carries" : "receipts carry");
        }
        LogConsistency.Result kept = log.keptResult();
        if (log.kept() == null) {
            camroll.out().println("            no checkpoint kept from an earlier run");
        } else if (kept == null) {
            camroll.out()
                    .printf(
                            Locale.ROOT,
                            "            the checkpoint of %d entries kept from the last run was not compared%n",
                            log.kept().size());
        } else if (kept.failed()) {
            camroll.out().println("            " + kept.outcome() + " against the checkpoint kept from the last run");
        } else {
            String how = switch (kept.outcome()) {
                case SAME -> "the same as";
                case CONSISTENT -> "consistent with";
                default -> "not compared (no consistency proof offline) with";
            };
            camroll.out()
                    .printf(
                            Locale.ROOT,
                            "            %s the checkpoint of %d entries kept from the last run%n",
                            how,
                            log.kept().size());
        }
    }
}
