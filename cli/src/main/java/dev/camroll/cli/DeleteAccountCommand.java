package dev.camroll.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import dev.camroll.client.Account;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code camroll delete-account}. */
@Command(
        name = "delete-account",
        usageHelpAutoWidth = true,
        description = "Erase your account: every photo, video, preview, suggestion, device and occasion is purged. The "
                + "consent ledger and the record of staff accesses stay, marked erased (proof of what you consented "
                + "to). Asks you to type your user id unless --yes.")
final class DeleteAccountCommand implements Callable<Integer> {

    private final Camroll camroll;

    @Option(names = "--yes", description = "Do not ask (scripts). There is no undo.")
    boolean yes;

    DeleteAccountCommand(Camroll camroll) {
        this.camroll = camroll;
    }

    @Override
    public Integer call() throws IOException {
        String subject = State.subject(camroll.config().token(camroll.tokenFlag()));
        if (!yes) {
            if (!Camroll.interactive()) {
                throw new IllegalArgumentException("not a terminal: add --yes to erase the account " + subject);
            }
            camroll.err()
                    .print("This erases every photo and video of " + subject + " on " + camroll.server()
                            + ". Type the user id to confirm: ");
            camroll.err().flush();
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (answer == null || !answer.trim().equals(subject)) {
                camroll.err().println("Not confirmed; nothing was deleted.");
                return Camroll.FAILED;
            }
        }
        Account.Erasure erasure = camroll.client().account().deleteAccount();
        if (camroll.json()) {
            camroll.printJson(erasure);
        } else {
            camroll.out()
                    .println("Erasure " + erasure.purgeId() + " accepted; everything is gone by " + erasure.deadline()
                            + ". camroll consent history shows its DATA_PURGED receipt when done.");
        }
        return 0;
    }
}
