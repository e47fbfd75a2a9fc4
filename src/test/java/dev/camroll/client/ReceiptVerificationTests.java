package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import dev.camroll.client.Consent.HistoryEntry;
import dev.camroll.client.Consent.Receipt;
import dev.camroll.client.Verification.Kind;
import dev.camroll.client.Verification.ReceiptStatus;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Offline verification of what the real service wrote and signed: its hash chain recomputed by the library, its
 * receipts checked against its published keys, and tampering behind its back (as the database superuser, the only
 * one who can switch the ledger's append-only guard off) found and named by seq.
 */
class ReceiptVerificationTests extends EndToEndTest {

    private static final String CLOUD = "cloud_processing";

    @Test
    void aLedgerWithEveryKindOfEntryVerifiesEntryByEntry() {
        String user = newUser("verify-clean");
        CamrollClient camroll = client(user);
        // A decision with everything an app may report, in a language other than English.
        Instant clientTime =
                Instant.now().minusSeconds(30).truncatedTo(ChronoUnit.MICROS).plusNanos(1000);
        assertThat(api.put(
                                "/v1/consent/" + CLOUD,
                                Map.of(
                                        "state", "GIVEN",
                                        "noticeVersion",
                                                camroll.consent()
                                                        .purposes("de")
                                                        .get(0)
                                                        .noticeVersion(),
                                        "locale", "de",
                                        "clientTime", clientTime.toString(),
                                        "method", "toggle \"Einstellungen\" / Übersicht",
                                        "platform", "android",
                                        "appVersion", "2.0 (beta)",
                                        "deviceId", "pixel-8"))
                        .token(token(user))
                        .send()
                        .status())
                .isEqualTo(200);
        camroll.consent().give("location_analysis", currentNotice("location_analysis", "en"), "en");
        // Support withdraws cloud_processing (actor SUPPORT, a reason); the system withdraws its dependant and, once
        // the purge has finished, records what it deleted (details with nested counts).
        assertThat(api.post(
                                "/v1/support/users/" + user + "/consent/" + CLOUD + "/revoke",
                                Map.of("reason", "User asked by phone: \"stop it\""))
                        .token(token(newUser("agent"), "support"))
                        .header("X-Access-Reason", "TICKET-18 revoke for the user")
                        .send()
                        .status())
                .isEqualTo(200);
        awaitPurged(user);

        Consent.History history = camroll.consent().history();
        List<Receipt> receipts = camroll.consent().receipts(history.entries());
        Verification result = verifier().verify(user, history.entries(), receipts);

        assertThat(history.entries())
                .extracting(e -> e.actor().kind())
                .containsExactly("USER", "USER", "SUPPORT", "SYSTEM", "SYSTEM");
        assertThat(history.entries().get(0).clientTime()).isEqualTo(clientTime);
        assertThat(history.entries().get(4).details()).containsKey("deleted");
        assertThat(result.findings()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.length()).isEqualTo(5);
        assertThat(result.headHash()).isEqualTo(history.chain().headHash());
        assertThat(result.entries())
                .extracting(Verification.EntryCheck::receipt)
                .containsOnly(ReceiptStatus.VALID);
        for (HistoryEntry entry : history.entries()) {
            assertThat(ReceiptVerifier.entryHash(user, entry))
                    .as("the library's hash of seq %d is the service's", entry.seq())
                    .isEqualTo(entry.hash());
        }
    }

    @Test
    void aRowChangedBehindTheServicesBackIsNamedByItsSeq() throws Exception {
        String user = newUser("verify-tampered");
        CamrollClient camroll = client(user);
        List<HistoryEntry> before = threeDecisions(user, camroll);
        List<Receipt> kept = camroll.consent().receipts(before);
        assertThat(verifier().verify(user, before, kept).valid()).isTrue();

        asSuperuser("UPDATE consent_events SET state = 'GIVEN' WHERE seq = 2 AND subject = '" + user + "'");

        List<HistoryEntry> after = camroll.consent().history().entries();
        assertThat(after.get(1).state()).isEqualTo("GIVEN");
        Verification withKeptReceipts = verifier().verify(user, after, kept);
        assertThat(withKeptReceipts.valid()).isFalse();
        assertThat(withKeptReceipts.firstInvalidSeq()).isEqualTo(2);
        assertThat(withKeptReceipts.findings())
                .allSatisfy(f -> assertThat(f.seq()).isEqualTo(2));
        assertThat(withKeptReceipts.findings())
                .extracting(Verification.Finding::kind)
                .containsExactlyInAnyOrder(Kind.HASH_MISMATCH, Kind.RECEIPT_MISMATCH);
        assertThat(withKeptReceipts.findings(2))
                .filteredOn(f -> f.kind() == Kind.RECEIPT_MISMATCH)
                .singleElement()
                .satisfies(f -> assertThat(f.message()).contains("state WITHDRAWN where the history shows GIVEN"));
        assertThat(withKeptReceipts.findings(2).get(0).eventId())
                .isEqualTo(before.get(1).eventId());

        // Receipts fetched now are signed over the altered row; the chain still gives it away.
        Verification withFreshReceipts =
                verifier().verify(user, after, camroll.consent().receipts(after));
        assertThat(withFreshReceipts.chainValid()).isFalse();
        assertThat(withFreshReceipts.firstInvalidSeq()).isEqualTo(2);
        assertThat(withFreshReceipts.findings())
                .extracting(Verification.Finding::kind)
                .containsExactly(Kind.HASH_MISMATCH);
    }

    @Test
    void aRemovedRowIsAGapAndItsKeptReceiptHasNoEntry() throws Exception {
        String user = newUser("verify-removed");
        CamrollClient camroll = client(user);
        List<HistoryEntry> before = threeDecisions(user, camroll);
        List<Receipt> kept = camroll.consent().receipts(before);

        asSuperuser("DELETE FROM consent_events WHERE seq = 2 AND subject = '" + user + "'");

        Verification result =
                verifier().verify(user, camroll.consent().history().entries(), kept);
        assertThat(result.firstInvalidSeq()).isEqualTo(2);
        assertThat(result.findings())
                .extracting(Verification.Finding::kind)
                .containsExactlyInAnyOrder(Kind.RECEIPT_WITHOUT_ENTRY, Kind.SEQ_GAP, Kind.BROKEN_LINK);
        assertThat(result.findings(3))
                .extracting(Verification.Finding::message)
                .anySatisfy(m -> assertThat(m).contains("entry 2 is missing before it"));
    }

    @Test
    void aReceiptSignedByAnotherKeyUnderTheServicesKidIsABadSignature() throws Exception {
        String user = newUser("verify-forged");
        CamrollClient camroll = client(user);
        List<HistoryEntry> entries = threeDecisions(user, camroll);
        List<Receipt> receipts = new ArrayList<>(camroll.consent().receipts(entries));
        String[] real = receipts.get(0).jws().split("\\.");
        var other = KeyPairGenerator.getInstance("EC");
        other.initialize(new ECGenParameterSpec("secp256r1"));
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(other.generateKeyPair().getPrivate());
        signer.update((real[0] + "." + real[1]).getBytes(StandardCharsets.US_ASCII));
        String forged = real[0] + "." + real[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
        receipts.set(0, new Receipt(entries.get(0).eventId(), forged));

        Verification result = verifier().verify(user, entries, receipts);

        assertThat(result.valid()).isFalse();
        assertThat(result.chainValid()).isTrue();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.seq()).isEqualTo(1);
            assertThat(f.kind()).isEqualTo(Kind.BAD_SIGNATURE);
            assertThat(f.message()).contains("does not verify");
        });
        assertThat(result.entries().get(0).receipt()).isEqualTo(ReceiptStatus.INVALID);
        assertThat(result.entries().get(1).receipt()).isEqualTo(ReceiptStatus.VALID);
    }

    @Test
    void aValidReceiptOfAnotherEntryIsReportedAsNotRestatingIt() {
        String user = newUser("verify-swapped");
        CamrollClient camroll = client(user);
        List<HistoryEntry> entries = threeDecisions(user, camroll);
        List<Receipt> receipts = new ArrayList<>(camroll.consent().receipts(entries));
        receipts.set(1, new Receipt(entries.get(1).eventId(), receipts.get(0).jws()));

        Verification result = verifier().verify(user, entries, receipts);

        assertThat(result.chainValid()).isTrue();
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.seq()).isEqualTo(2);
            assertThat(f.kind()).isEqualTo(Kind.RECEIPT_MISMATCH);
            assertThat(f.message())
                    .contains("receiptId " + entries.get(0).eventId())
                    .contains("state GIVEN where the history shows WITHDRAWN")
                    .contains("seq 1 where the history shows 2");
        });
    }

    /** Given, withdrawn (its purge runs and is recorded after), given again: seq 1, 2 and 4, the purge seq 3. */
    private List<HistoryEntry> threeDecisions(String user, CamrollClient camroll) {
        String notice = currentNotice(CLOUD, "en");
        camroll.consent().give(CLOUD, notice, "en");
        camroll.consent().withdraw(CLOUD);
        awaitPurged(user);
        camroll.consent().give(CLOUD, notice, "en");
        List<HistoryEntry> entries = camroll.consent().history().entries();
        assertThat(entries).extracting(HistoryEntry::seq).containsExactly(1L, 2L, 3L, 4L);
        return entries;
    }

    private static void asSuperuser(String sql) throws Exception {
        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement s = superuser.createStatement()) {
            // Only a superuser can switch the ledger's append-only triggers off.
            s.execute("SET session_replication_role = replica");
            assertThat(s.executeUpdate(sql)).as(sql).isEqualTo(1);
        }
    }

    private ReceiptVerifier verifier() {
        return new ReceiptVerifier(
                Jwks.parse(CamrollClient.builder(url()).build().consent().jwks().json()));
    }

    private CamrollClient client(String user) {
        return CamrollClient.builder(url()).token(token(user)).build();
    }

    private String url() {
        return "http://localhost:" + port;
    }
}
