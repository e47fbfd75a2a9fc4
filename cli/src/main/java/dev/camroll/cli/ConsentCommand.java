package dev.camroll.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.camroll.client.Consent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code camroll consent status|give|withdraw|history}. */
@Command(
        name = "consent",
        description = "See and change what camroll may do with your photos.",
        subcommands = {
            ConsentCommand.Status.class,
            ConsentCommand.Give.class,
            ConsentCommand.Withdraw.class,
            ConsentCommand.History.class
        })
final class ConsentCommand {

    @Command(name = "status", description = "Each purpose and whether you gave it.")
    static final class Status implements Callable<Integer> {

        private final Camroll camroll;

        Status(Camroll camroll) {
            this.camroll = camroll;
        }

        @Override
        public Integer call() {
            List<Consent.PurposeState> states = camroll.client().consent().state();
            if (camroll.json()) {
                camroll.printJson(states);
                return 0;
            }
            camroll.out().printf(Locale.ROOT, "%-20s %-10s %-10s %s%n", "PURPOSE", "STATE", "NOTICE", "CHANGED");
            for (Consent.PurposeState state : states) {
                camroll.out()
                        .printf(
                                Locale.ROOT,
                                "%-20s %-10s %-10s %s%n",
                                state.purpose(),
                                state.state(),
                                state.noticeVersion() == null ? "-" : state.upToDate() ? "current" : "outdated",
                                state.changedAt() == null ? "-" : state.changedAt());
            }
            return 0;
        }
    }

    @Command(
            name = "give",
            description = "Give a purpose, after reading its notice (shown; asks to confirm unless --yes).")
    static final class Give implements Callable<Integer> {

        private final Camroll camroll;

        @Parameters(paramLabel = "PURPOSE", description = "cloud_processing, location_analysis, original_retention")
        String purpose;

        @Option(names = "--locale", defaultValue = "en", description = "The notice's language. Default: en")
        String locale;

        @Option(names = "--yes", description = "Give it without asking (you have read the notice).")
        boolean yes;

        Give(Camroll camroll) {
            this.camroll = camroll;
        }

        @Override
        public Integer call() throws IOException {
            Consent consent = camroll.client().consent();
            Consent.Purpose notice = consent.purposes(locale).stream()
                    .filter(p -> p.purpose().equals(purpose))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no purpose " + purpose));
            if (!yes) {
                if (!Camroll.interactive()) {
                    throw new IllegalArgumentException("not a terminal: read the notice (camroll consent give "
                            + purpose + " on a terminal shows it) and add --yes");
                }
                camroll.err().println(notice.title() + "\n\n" + notice.noticeText() + "\n");
                camroll.err().print("Give \"" + purpose + "\"? [y/N] ");
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (answer == null || !answer.trim().toLowerCase(Locale.ROOT).startsWith("y")) {
                    camroll.err().println("Nothing changed.");
                    return Camroll.FAILED;
                }
            }
            Consent.Decision decision = consent.give(purpose, notice.noticeVersion(), notice.locale());
            print(camroll, decision);
            return 0;
        }
    }

    @Command(name = "withdraw", description = "Withdraw a purpose; the service deletes what it allowed.")
    static final class Withdraw implements Callable<Integer> {

        private final Camroll camroll;

        @Parameters(paramLabel = "PURPOSE")
        String purpose;

        Withdraw(Camroll camroll) {
            this.camroll = camroll;
        }

        @Override
        public Integer call() {
            print(camroll, camroll.client().consent().withdraw(purpose));
            return 0;
        }
    }

    @Command(name = "history", description = "Every consent decision and purge, oldest first, with the chain check.")
    static final class History implements Callable<Integer> {

        private final Camroll camroll;

        History(Camroll camroll) {
            this.camroll = camroll;
        }

        @Override
        public Integer call() {
            Consent.History history = camroll.client().consent().history();
            if (camroll.json()) {
                camroll.printJson(history);
                return 0;
            }
            for (Consent.HistoryEntry entry : history.entries()) {
                camroll.out()
                        .printf(
                                Locale.ROOT,
                                "%4d  %s  %-11s %-20s %-10s by %s%n",
                                entry.seq(),
                                entry.occurredAt(),
                                entry.type(),
                                entry.purpose() == null ? "" : entry.purpose(),
                                entry.state() == null ? "" : entry.state(),
                                entry.actor() == null ? "?" : entry.actor().kind());
            }
            camroll.out()
                    .println("chain: " + (history.chain().valid() ? "valid" : "BROKEN") + ", "
                            + history.chain().length() + " entries");
            return history.chain().valid() ? 0 : Camroll.FAILED;
        }
    }

    private static void print(Camroll camroll, Consent.Decision decision) {
        if (camroll.json()) {
            camroll.printJson(decision);
        } else {
            camroll.out().println(decision.purpose() + ": " + decision.state() + " (event " + decision.eventId() + ")");
        }
    }
}
