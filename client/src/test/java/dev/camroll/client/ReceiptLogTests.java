package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.camroll.client.Consent.HistoryEntry;
import dev.camroll.client.Consent.Receipt;
import dev.camroll.client.Verification.Finding;
import dev.camroll.client.Verification.Kind;
import dev.camroll.client.Verification.ReceiptStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@link ReceiptVerifier} with the transparency log's key: a ledger of three entries logged among other users' entries
 * in a log made here ({@link TestLog}), its receipts carrying their proofs.
 */
class ReceiptLogTests {

    static final String SUBJECT = ReceiptVerifierTests.SUBJECT;

    static final String ORIGIN = "camroll.example/v1/consent/log";

    /** Entries 0, 1 and 2 of the ledger are at these indexes of the log. */
    static final int[] INDEXES = {1, 4, 5};

    final Random random = new Random(20);

    KeyPair receiptKey;

    Jwks jwks;

    List<HistoryEntry> ledger;

    byte[] salt;

    TestLog log;

    @BeforeEach
    void aLedgerOfThreeEntriesLoggedAmongOthers() throws Exception {
        receiptKey = Es256Tests.p256();
        jwks = new Jwks(List.of(Es256Tests.jwk("receipts-1", receiptKey)), "{}");
        ledger = new ArrayList<>();
        ReceiptVerifierTests.append(ledger, "cloud_processing", "GIVEN", null);
        ReceiptVerifierTests.append(ledger, "location_analysis", "GIVEN", null);
        ReceiptVerifierTests.append(ledger, "cloud_processing", "WITHDRAWN", Map.of("cause", "user"));
        salt = bytes(32);
        log = new TestLog(ORIGIN);
        int ours = 0;
        for (int index = 0; index < 7; index++) {
            if (ours < INDEXES.length && INDEXES[ours] == index) {
                log.appendLedgerEntry(salt, ledger.get(ours++).hash());
            } else {
                log.append(bytes(32));
            }
        }
    }

    @Test
    void everyEntryTheLogHoldsIsProvenAndItsCheckpointIsTheOneToKeep() throws Exception {
        Checkpoint newest = log.openCheckpoint(7);

        Verification result = verifier().verify(SUBJECT, ledger, receipts(ledger, 7), new LogView(null, newest, null));

        assertThat(result.findings()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.entries())
                .extracting(Verification.EntryCheck::receipt)
                .containsOnly(ReceiptStatus.PROVEN);
        assertThat(result.log().origin()).isEqualTo(ORIGIN);
        assertThat(result.log().proven()).isEqualTo(3);
        assertThat(result.log().unproven()).isZero();
        assertThat(result.log().checkpoint()).isEqualTo(newest);
        assertThat(result.checkpointToKeep()).isEqualTo(newest);
    }

    @Test
    void receiptsWithoutProofsAreSignedButNotProvenAndThatIsNoFinding() throws Exception {
        Verification result = verifier().verify(SUBJECT, ledger, ReceiptVerifierTests.receipts(ledger, receiptKey));

        assertThat(result.valid()).isTrue();
        assertThat(result.entries())
                .extracting(Verification.EntryCheck::receipt)
                .containsOnly(ReceiptStatus.VALID);
        assertThat(result.log().unproven()).isEqualTo(3);
        assertThat(result.log().checkpoint()).isNull();
        assertThat(result.checkpointToKeep()).isNull();
    }

    @Test
    void withoutTheLogsKeyProofsAreNotLookedAt() throws Exception {
        List<Receipt> receipts = receipts(ledger, 7);
        receipts.set(0, new Receipt(receipts.get(0).eventId(), receipts.get(0).jws(), "not a proof"));

        Verification result = new ReceiptVerifier(jwks).verify(SUBJECT, ledger, receipts);

        assertThat(result.valid()).isTrue();
        assertThat(result.entries())
                .extracting(Verification.EntryCheck::receipt)
                .containsOnly(ReceiptStatus.VALID);
        assertThat(result.log()).isNull();
        assertThatThrownBy(() ->
                        new ReceiptVerifier(jwks).verify(SUBJECT, ledger, receipts, new LogView(null, null, null)))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aLedgerRewrittenWithAConsistentChainAndFreshReceiptsIsNotInTheLog() throws Exception {
        List<Receipt> proofs = receipts(ledger, 7);
        List<HistoryEntry> rewritten = rewritten(ledger, 1, "WITHDRAWN");
        // The operator re-signs receipts for the rewritten entries; the proofs are the only thing it cannot redo.
        List<Receipt> resigned = new ArrayList<>();
        List<Receipt> signed = ReceiptVerifierTests.receipts(rewritten, receiptKey);
        for (int i = 0; i < signed.size(); i++) {
            resigned.add(new Receipt(
                    signed.get(i).eventId(), signed.get(i).jws(), proofs.get(i).proof()));
        }

        Verification result =
                verifier().verify(SUBJECT, rewritten, resigned, new LogView(null, log.openCheckpoint(7), null));

        assertThat(result.chainValid()).isTrue();
        assertThat(result.valid()).isFalse();
        assertThat(result.logValid()).isFalse();
        assertThat(result.findings())
                .extracting(Finding::seq, Finding::kind)
                .containsExactly(tuple(2L, Kind.NOT_IN_LOG), tuple(3L, Kind.NOT_IN_LOG));
        assertThat(result.findings(2).get(0).message()).contains("is not in the log", "index 4");
        assertThat(result.entries())
                .extracting(Verification.EntryCheck::receipt)
                .containsExactly(ReceiptStatus.PROVEN, ReceiptStatus.INVALID, ReceiptStatus.INVALID);
        assertThat(result.checkpointToKeep()).isNull();
    }

    @Test
    void besideTheReceiptsKeptFromBeforeARewrittenEntryIsShownWithTheHashTheLogHolds() throws Exception {
        List<HistoryEntry> rewritten = rewritten(ledger, 1, "WITHDRAWN");

        Verification result = verifier().verify(SUBJECT, rewritten, receipts(ledger, 7));

        assertThat(result.findings(2))
                .extracting(Finding::kind)
                .containsExactlyInAnyOrder(Kind.RECEIPT_MISMATCH, Kind.NOT_IN_LOG);
        assertThat(result.findings(2))
                .filteredOn(f -> f.kind() == Kind.NOT_IN_LOG)
                .singleElement()
                .satisfies(f -> assertThat(f.message())
                        .contains("the log holds this entry with the hash", "the ledger was rewritten"));
    }

    @Test
    void aProofUnderACheckpointOfAnotherKeyAndAnUnreadableProofAreFindingsOfTheirEntries() throws Exception {
        TestLog impostor = new TestLog(ORIGIN);
        impostor.entries.addAll(log.entries);
        List<Receipt> receipts = receipts(ledger, 7);
        receipts.set(0, new Receipt(ledger.get(0).eventId(), receipts.get(0).jws(), impostor.proof(salt, 1, 7)));
        receipts.set(2, new Receipt(ledger.get(2).eventId(), receipts.get(2).jws(), "c2sp.org/tlog-proof@v1\n"));

        Verification result = verifier().verify(SUBJECT, ledger, receipts);

        assertThat(result.findings())
                .extracting(Finding::seq, Finding::kind)
                .containsExactly(tuple(1L, Kind.CHECKPOINT_SIGNATURE), tuple(3L, Kind.LOG_PROOF_INVALID));
        assertThat(result.findings(1).get(0).message()).contains("did not sign", "not signed by " + ORIGIN);
        assertThat(result.entries())
                .extracting(Verification.EntryCheck::receipt)
                .containsExactly(ReceiptStatus.INVALID, ReceiptStatus.PROVEN, ReceiptStatus.INVALID);
    }

    @Test
    void aNewestCheckpointOfTheReceiptsSizeWithAnotherRootIsAFork() throws Exception {
        TestLog fork = new TestLog(ORIGIN, log.key);
        fork.entries.addAll(log.entries);
        fork.entries.set(6, bytes(32));

        Verification result = verifier()
                .verify(SUBJECT, ledger, receipts(ledger, 7), new LogView(null, fork.openCheckpoint(7), null));

        assertThat(result.findings())
                .extracting(Finding::kind)
                .containsOnly(Kind.LOG_FORK)
                .hasSize(3);
        assertThat(result.findings(1).get(0).message()).contains("a fork");
        assertThat(result.checkpointToKeep()).isNull();
    }

    @Test
    void aKeptCheckpointLargerThanTheLogsNewestIsARollbackOfTheWholeLog() throws Exception {
        log.append(bytes(32));
        log.append(bytes(32));

        Verification result = verifier()
                .verify(
                        SUBJECT,
                        ledger,
                        receipts(ledger, 7),
                        new LogView(log.openCheckpoint(9), log.openCheckpoint(7), log::consistency));

        assertThat(result.findings())
                .extracting(Finding::seq, Finding::eventId, Finding::kind)
                .containsExactly(tuple(0L, null, Kind.LOG_ROLLBACK));
        assertThat(result.findings().get(0).message())
                .contains("checkpoint kept from before (9 entries)", "rolled back");
        assertThat(result.firstInvalidSeq()).isNull();
        assertThat(result.log().keptResult().outcome()).isEqualTo(LogConsistency.Outcome.ROLLBACK);
        assertThat(result.checkpointToKeep()).isNull();
    }

    @Test
    void aStaleNewestCheckpointBehindFresherReceiptsIsNoRollback() throws Exception {
        log.append(bytes(32));
        log.append(bytes(32));

        Verification result = verifier()
                .verify(
                        SUBJECT,
                        ledger,
                        receipts(ledger, 9),
                        new LogView(log.openCheckpoint(8), log.openCheckpoint(7), log::consistency));

        assertThat(result.findings()).isEmpty();
        assertThat(result.log().keptResult().outcome()).isEqualTo(LogConsistency.Outcome.CONSISTENT);
        assertThat(result.checkpointToKeep().size()).isEqualTo(9);
    }

    @Test
    void aKeptCheckpointTheNewestDoesNotExtendIsInconsistent() throws Exception {
        TestLog rewritten = new TestLog(ORIGIN, log.key);
        rewritten.entries.addAll(log.entries);
        rewritten.entries.set(0, bytes(32));

        Verification result = verifier()
                .verify(
                        SUBJECT,
                        ledger,
                        receipts(ledger, 7),
                        new LogView(rewritten.openCheckpoint(3), log.openCheckpoint(7), log::consistency));

        assertThat(result.findings()).extracting(Finding::kind).containsExactly(Kind.LOG_INCONSISTENT);
        assertThat(result.checkpointToKeep()).isNull();
    }

    @Test
    void proofsUnderAnOlderCheckpointAreTiedToTheNewestByAConsistencyProof() throws Exception {
        List<Receipt> receipts = receipts(ledger, 7);
        for (int i = 0; i < 4; i++) {
            log.append(bytes(32));
        }
        Checkpoint newest = log.openCheckpoint(11);
        TestLog liar = new TestLog(ORIGIN, log.key);
        liar.entries.addAll(log.entries);
        liar.entries.set(2, bytes(32));

        Verification online = verifier().verify(SUBJECT, ledger, receipts, new LogView(null, newest, log::consistency));
        Verification lied = verifier().verify(SUBJECT, ledger, receipts, new LogView(null, newest, liar::consistency));
        Verification offline = verifier().verify(SUBJECT, ledger, receipts, new LogView(null, newest, null));

        assertThat(online.findings()).isEmpty();
        assertThat(online.log().unchecked()).isZero();
        assertThat(online.checkpointToKeep()).isEqualTo(newest);
        assertThat(lied.findings())
                .extracting(Finding::kind)
                .containsOnly(Kind.LOG_INCONSISTENT)
                .hasSize(3);
        assertThat(offline.findings()).isEmpty();
        assertThat(offline.log().unchecked()).isEqualTo(1);
        assertThat(offline.entries())
                .extracting(Verification.EntryCheck::receipt)
                .containsOnly(ReceiptStatus.PROVEN);
    }

    @Test
    void anExportWithProofsVerifiesOfflineAgainstTheKeptCheckpointWithProofsGivenUpFront() throws Exception {
        Account.Export export = Account.Export.parse(export(ledger, receipts(ledger, 7)));
        Checkpoint kept = log.openCheckpoint(3);
        List<String> hashes = new ArrayList<>();
        log.consistency(3, 7).forEach(hash -> hashes.add(Base64.getEncoder().encodeToString(hash)));
        ConsistencyProofs given = ConsistencyProofs.given(List.of(new Consent.ConsistencyProof(3, 7, hashes)));

        Verification withProofs =
                verifier().verify(SUBJECT, export.history(), export.receipts(), new LogView(kept, null, given));
        Verification without =
                verifier().verify(SUBJECT, export.history(), export.receipts(), new LogView(kept, null, null));

        assertThat(export.receipts())
                .allSatisfy(receipt -> assertThat(receipt.proof()).startsWith("c2sp.org/tlog-proof@v1\n"));
        assertThat(withProofs.valid()).isTrue();
        assertThat(withProofs.log().proven()).isEqualTo(3);
        assertThat(withProofs.log().keptResult().outcome()).isEqualTo(LogConsistency.Outcome.CONSISTENT);
        assertThat(withProofs.checkpointToKeep().size()).isEqualTo(7);
        assertThat(without.valid()).isTrue();
        assertThat(without.log().keptResult().outcome()).isEqualTo(LogConsistency.Outcome.UNCHECKED);
        assertThat(without.checkpointToKeep()).isNull();
    }

    @Test
    void aKeptCheckpointLargerThanAnExportsStaysTheOneToKeep() throws Exception {
        log.append(bytes(32));
        Checkpoint kept = log.openCheckpoint(8);

        Verification result =
                verifier().verify(SUBJECT, ledger, receipts(ledger, 7), new LogView(kept, null, log::consistency));

        assertThat(result.valid()).isTrue();
        assertThat(result.log().keptResult().outcome()).isEqualTo(LogConsistency.Outcome.CONSISTENT);
        assertThat(result.checkpointToKeep()).isNull();
    }

    @Test
    void anExportFromBeforeTheLogStillParses() {
        JsonObject document = new JsonObject();
        document.addProperty("subject", SUBJECT);
        JsonObject consent = new JsonObject();
        JsonArray history = new JsonArray();
        JsonObject entry = Json.GSON.toJsonTree(ledger.get(0)).getAsJsonObject();
        JsonObject receipt = new JsonObject();
        receipt.addProperty("eventId", ledger.get(0).eventId());
        receipt.addProperty("jws", "a.b.c");
        entry.add("receipt", receipt);
        history.add(entry);
        consent.add("history", history);
        document.add("consent", consent);

        Account.Export export = Account.Export.parse(document.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(export.receipts()).containsExactly(new Receipt(ledger.get(0).eventId(), "a.b.c", null));
    }

    private ReceiptVerifier verifier() {
        return new ReceiptVerifier(jwks, log.parsedKey());
    }

    /** Signed receipts of {@code entries}, each with its proof in the tree of the log's first {@code size} entries. */
    private List<Receipt> receipts(List<HistoryEntry> entries, int size) throws Exception {
        List<Receipt> receipts = new ArrayList<>();
        List<Receipt> signed = ReceiptVerifierTests.receipts(entries, receiptKey);
        for (int i = 0; i < signed.size(); i++) {
            receipts.add(new Receipt(signed.get(i).eventId(), signed.get(i).jws(), log.proof(salt, INDEXES[i], size)));
        }
        return receipts;
    }

    /** {@code ledger} with the entry at {@code at} given another state, and every hash from it on recomputed. */
    private static List<HistoryEntry> rewritten(List<HistoryEntry> ledger, int at, String state) {
        List<HistoryEntry> out = new ArrayList<>(ledger.subList(0, at));
        for (int i = at; i < ledger.size(); i++) {
            HistoryEntry e = ledger.get(i);
            HistoryEntry draft = new HistoryEntry(
                    e.eventId(),
                    e.seq(),
                    e.type(),
                    e.purpose(),
                    i == at ? state : e.state(),
                    e.noticeVersion(),
                    e.locale(),
                    e.details(),
                    e.actor(),
                    e.occurredAt(),
                    e.clientTime(),
                    e.method(),
                    e.platform(),
                    e.appVersion(),
                    e.deviceId(),
                    e.reason(),
                    out.isEmpty()
                            ? ReceiptVerifier.GENESIS_HASH
                            : out.get(out.size() - 1).hash(),
                    null);
            out.add(ReceiptVerifierTests.withHash(draft, ReceiptVerifier.entryHash(SUBJECT, draft)));
        }
        return out;
    }

    /** An export document as the service writes it: each history entry with its receipt beside its fields. */
    private static byte[] export(List<HistoryEntry> ledger, List<Receipt> receipts) {
        JsonArray history = new JsonArray();
        for (int i = 0; i < ledger.size(); i++) {
            JsonObject entry = Json.GSON.toJsonTree(ledger.get(i)).getAsJsonObject();
            entry.add("receipt", Json.GSON.toJsonTree(receipts.get(i)));
            history.add(entry);
        }
        JsonObject consent = new JsonObject();
        consent.add("history", history);
        JsonObject document = new JsonObject();
        document.addProperty("exportedAt", "2026-12-08T10:00:00Z");
        document.addProperty("subject", SUBJECT);
        document.add("consent", consent);
        return document.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }
}
