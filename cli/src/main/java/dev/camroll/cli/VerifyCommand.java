package dev.camroll.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.camroll.client.Account;
import dev.camroll.client.CamrollClient;
import dev.camroll.client.Consent;
import dev.camroll.client.Jwks;
import dev.camroll.client.ReceiptVerifier;
import dev.camroll.client.Verification;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code camroll verify}: recomputes the consent ledger's hash chain and checks every receipt's signature, on this
 * machine. The service's signing keys are fetched once and kept; with {@code --export} nothing else is fetched.
 */
@Command(
        name = "verify",
        usageHelpAutoWidth = true,
        description =
                "Check your consent ledger yourself: recompute its hash chain and check every receipt's signature "
                        + "with the service's published keys (fetched once, then kept). With --export, an export file is "
                        + "checked without asking the service anything.")
final class VerifyCommand implements Callable<Integer> {

    private final Camroll camroll;

    @Option(names = "--export", paramLabel = "FILE", description = "Verify the ledger in this export (camroll export).")
    Path export;

    @Option(names = "--refresh-keys", description = "Fetch the service's keys again (after it rotated them).")
    boolean refreshKeys;

    VerifyCommand(Camroll camroll) {
        this.camroll = camroll;
    }

    @Override
    public Integer call() throws IOException {
        String subject;
        List<Consent.HistoryEntry> history;
        List<Consent.Receipt> receipts;
        if (export != null) {
            Account.Export document = Account.Export.parse(Files.readAllBytes(export));
            subject = document.subject();
            history = document.history();
            receipts = document.receipts();
        } else {
            subject = State.subject(camroll.config().token(camroll.tokenFlag()));
            CamrollClient client = camroll.client();
            history = client.consent().history().entries();
            receipts = client.consent().receipts(history);
        }
        Verification verification = new ReceiptVerifier(keys()).verify(subject, history, receipts);
        if (camroll.json()) {
            camroll.printJson(verification);
        } else {
            print(subject, verification);
        }
        return verification.valid() ? 0 : Camroll.FAILED;
    }

    /** The service's keys, from the state directory when fetched before. */
    private Jwks keys() {
        java.nio.file.Path file = State.file(camroll, "jwks", false);
        String cached = refreshKeys ? null : State.read(file);
        if (cached != null) {
            return Jwks.parse(cached);
        }
        Jwks keys = camroll.client().consent().jwks();
        State.write(file, keys.json());
        return keys;
    }

    private void print(String subject, Verification verification) {
        long signed = verification.entries().stream()
                .filter(e -> e.receipt() == Verification.ReceiptStatus.VALID)
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
        for (Verification.Finding finding : verification.findings()) {
            camroll.out()
                    .printf(Locale.ROOT, "  seq %d (%s): %s%n", finding.seq(), finding.eventId(), finding.message());
        }
        camroll.out().println(verification.valid() ? "OK" : "FAILED");
    }
}
