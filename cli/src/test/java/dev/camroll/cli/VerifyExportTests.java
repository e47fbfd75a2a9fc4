package dev.camroll.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.camroll.client.Consent.HistoryEntry;
import dev.camroll.client.Consent.Receipt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camroll verify --export}, offline: the service's URL answers nothing, so anything fetched would fail the run
 * (exit 5). The receipt keys are cached as a run before would have left them; the log's key comes with --log-key or
 * was pinned before.
 */
class VerifyExportTests {

    @TempDir
    Path home;

    final LedgerFixture fixture = new LedgerFixture();

    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    Map<String, String> env;

    Path export;

    @BeforeEach
    void receiptKeysKeptAndAnExportWithProofs() throws IOException {
        env = new HashMap<>();
        env.put("CAMROLL_SERVER", "http://127.0.0.1:1");
        env.put("CAMROLL_CONFIG", home.resolve("none.properties").toString());
        env.put("CAMROLL_STATE_DIR", home.resolve("state").toString());
        State.write(state("jwks"), fixture.jwks());
        export = write(fixture.ledger, fixture.receipts(fixture.ledger, 7));
    }

    @Test
    void anExportWithProofsVerifiesOfflineAndItsCheckpointIsKeptForTheNextRun() throws IOException {
        int code = run("verify", "--export", export.toString(), "--log-key", fixture.logVerifierKey());

        assertThat(code).as(output()).isZero();
        assertThat(output())
                .contains(
                        "chain     intact",
                        "receipts  3 of 3 signed by the service and matching",
                        "log       3 of 3 proven in " + LedgerFixture.ORIGIN + " (checkpoint of 7 entries)",
                        "no checkpoint kept from an earlier run",
                        "OK");
        assertThat(State.read(state("log-key"))).isEqualTo(fixture.logVerifierKey());
        assertThat(State.read(state("log-checkpoint")))
                .isEqualTo(fixture.checkpoint(7).trim());

        assertThat(run("verify", "--export", export.toString())).as(output()).isZero();
        assertThat(output()).contains("the same as the checkpoint of 7 entries kept from the last run", "OK");
        assertThat(run("--json", "verify", "--export", export.toString())).isZero();
        assertThat(output()).contains("\"proven\": 3", "\"outcome\": \"SAME\"");
    }

    @Test
    void anExportAgainstAKeptCheckpointOfItsSizeWithAnotherRootIsAForkAndTheKeptOneStays() throws IOException {
        List<byte[]> forked = new ArrayList<>(fixture.log);
        forked.set(6, fixture.bytes(32));
        String kept = LedgerFixture.checkpoint(forked, 7, fixture.logKey);
        State.write(state("log-key"), fixture.logVerifierKey());
        State.write(state("log-checkpoint"), kept);

        int code = run("verify", "--export", export.toString());

        assertThat(code).as(output()).isEqualTo(Camroll.FAILED);
        assertThat(output())
                .contains(
                        "FORK against the checkpoint kept from the last run",
                        "log: the checkpoint kept from before (7 entries)",
                        "a fork",
                        "as evidence",
                        "FAILED");
        assertThat(State.read(state("log-checkpoint"))).isEqualTo(kept.trim());
    }

    @Test
    void anExportOfALedgerRewrittenWithAConsistentChainFailsItsInclusionProofs() throws IOException {
        List<HistoryEntry> rewritten = fixture.rewritten(1, "WITHDRAWN");
        List<Receipt> original = fixture.receipts(fixture.ledger, 7);
        List<Receipt> resigned = new ArrayList<>();
        List<Receipt> signed = fixture.receipts(rewritten, 0);
        for (int i = 0; i < signed.size(); i++) {
            resigned.add(new Receipt(
                    signed.get(i).eventId(),
                    signed.get(i).jws(),
                    original.get(i).proof()));
        }

        int code =
                run("verify", "--export", write(rewritten, resigned).toString(), "--log-key", fixture.logVerifierKey());

        assertThat(code).as(output()).isEqualTo(Camroll.FAILED);
        assertThat(output())
                .contains(
                        "chain     intact",
                        "receipts  3 of 3 signed by the service and matching",
                        "log       1 of 3 proven",
                        "seq 2 (0190-2): its hash",
                        "is not in the log",
                        "seq 3 (0190-3)",
                        "FAILED");
        assertThat(Files.exists(state("log-checkpoint"))).isFalse();
    }

    @Test
    void anExportWithoutProofsVerifiesAndSaysNothingIsProven() throws IOException {
        Path old = write(fixture.ledger, fixture.receipts(fixture.ledger, 0));

        int code = run("verify", "--export", old.toString(), "--log-key", fixture.logVerifierKey());

        assertThat(code).as(output()).isZero();
        assertThat(output())
                .contains(
                        "log       0 of 3 proven in " + LedgerFixture.ORIGIN + " (no checkpoint seen)",
                        "3 receipts carry no proof",
                        "OK");
    }

    @Test
    void proofsUnderAnotherKeyThanThePinnedOneFailAndANewPinnedKeyDropsTheKeptCheckpoint() throws IOException {
        String otherKey = LedgerFixture.verifierKey(LedgerFixture.ORIGIN, LedgerFixture.generate("Ed25519"));
        State.write(state("log-key"), otherKey);
        State.write(state("log-checkpoint"), "kept for the other key");

        int code = run("verify", "--export", export.toString());

        // The kept checkpoint is checked first: it must be the pinned log's.
        assertThat(code).isEqualTo(Camroll.FAILED);
        assertThat(err()).contains("does not verify with the pinned log key", "delete it to start afresh");

        State.write(state("log-checkpoint"), LedgerFixture.checkpoint(fixture.log, 3, fixture.logKey));
        assertThat(run("verify", "--export", export.toString(), "--log-key", fixture.logVerifierKey()))
                .as(output())
                .isZero();
        assertThat(err()).contains("the checkpoint kept for the log key " + otherKey + " is dropped");

        State.write(state("log-key"), otherKey);
        Files.delete(state("log-checkpoint"));
        assertThat(run("verify", "--export", export.toString())).isEqualTo(Camroll.FAILED);
        assertThat(output()).contains("ends in a checkpoint the log " + LedgerFixture.ORIGIN + " did not sign");
    }

    @Test
    void aLogKeyThatIsNoVerifierKeyIsAUsageError() {
        assertThat(run("verify", "--export", export.toString(), "--log-key", "nonsense"))
                .isEqualTo(Camroll.USAGE);
        assertThat(err()).contains("not a verifier key");
    }

    @Test
    void theHelpOfVerifyExplainsTheLogAndItsKey() {
        assertThat(run("help", "verify")).isZero();
        assertThat(output()).contains("--log-key", "transparency", "pinned on first use", "fork", "rollback");
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return new Camroll(
                        env,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private Path state(String name) {
        return State.file(new Camroll(env, System.out, System.err), name, false);
    }

    private Path write(List<HistoryEntry> history, List<Receipt> receipts) throws IOException {
        Path file = Files.createTempFile(home, "export", ".json");
        Files.write(file, LedgerFixture.export(history, receipts));
        return file;
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
