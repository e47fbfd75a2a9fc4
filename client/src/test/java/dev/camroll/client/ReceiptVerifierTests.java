package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.camroll.client.Consent.Actor;
import dev.camroll.client.Consent.HistoryEntry;
import dev.camroll.client.Consent.Receipt;
import dev.camroll.client.Verification.Kind;
import dev.camroll.client.Verification.ReceiptStatus;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier on a ledger made here, signed with a key made here; the tests against the real service are in the
 * service's suite (dev.camroll.client.ReceiptVerificationTests).
 */
class ReceiptVerifierTests {

    static final String SUBJECT = "alice";

    KeyPair key;

    Jwks jwks;

    List<HistoryEntry> ledger;

    @BeforeEach
    void aLedgerOfThreeEntries() throws Exception {
        key = Es256Tests.p256();
        jwks = new Jwks(List.of(Es256Tests.jwk("receipts-1", key)), "{}");
        ledger = new ArrayList<>();
        append(ledger, "cloud_processing", "GIVEN", null);
        append(ledger, "location_analysis", "GIVEN", null);
        append(ledger, "cloud_processing", "WITHDRAWN", Map.of("cause", "user", "deleted", Map.of("media", 2L)));
    }

    @Test
    void anIntactLedgerWithItsReceiptsVerifies() throws Exception {
        Verification result = new ReceiptVerifier(jwks).verify(SUBJECT, ledger, receipts(ledger, key));

        assertThat(result.findings()).isEmpty();
        assertThat(result.valid()).isTrue();
        assertThat(result.length()).isEqualTo(3);
        assertThat(result.headHash()).isEqualTo(ledger.get(2).hash());
        assertThat(result.entries())
                .extracting(Verification.EntryCheck::receipt)
                .containsOnly(ReceiptStatus.VALID);
    }

    @Test
    void aMissingEntryIsASeqGapAndItsReceiptHasNoEntry() throws Exception {
        List<Receipt> receipts = receipts(ledger, key);
        List<HistoryEntry> shortened = List.of(ledger.get(0), ledger.get(2));

        Verification result = new ReceiptVerifier(jwks).verify(SUBJECT, shortened, receipts);

        assertThat(result.valid()).isFalse();
        assertThat(result.chainValid()).isFalse();
        assertThat(result.firstInvalidSeq()).isEqualTo(2);
        assertThat(result.findings())
                .extracting(Verification.Finding::kind)
                .containsExactlyInAnyOrder(Kind.RECEIPT_WITHOUT_ENTRY, Kind.SEQ_GAP, Kind.BROKEN_LINK);
    }

    @Test
    void anotherSubjectsLedgerDoesNotHashAsOurs() throws Exception {
        Verification result = new ReceiptVerifier(jwks).verifyChain("mallory", ledger);

        assertThat(result.findings()).extracting(Verification.Finding::kind).containsOnly(Kind.HASH_MISMATCH);
        assertThat(result.firstInvalidSeq()).isEqualTo(1);
    }

    @Test
    void aReceiptOfAKeyOutsideTheSetIsUnknownAndAMalformedOneIsSaidToBe() throws Exception {
        List<Receipt> receipts = new ArrayList<>(receipts(ledger, key));
        Jwks otherKid = new Jwks(List.of(Es256Tests.jwk("receipts-2", key)), "{}");
        receipts.set(1, new Receipt(ledger.get(1).eventId(), "not a jws"));

        Verification result = new ReceiptVerifier(otherKid).verify(SUBJECT, ledger, receipts);

        assertThat(result.findings(1)).extracting(Verification.Finding::kind).containsExactly(Kind.UNKNOWN_KEY);
        assertThat(result.findings(2)).extracting(Verification.Finding::kind).containsExactly(Kind.RECEIPT_MALFORMED);
    }

    static void append(List<HistoryEntry> ledger, String purpose, String state, Map<String, Object> details) {
        long seq = ledger.size() + 1;
        String prev = ledger.isEmpty()
                ? ReceiptVerifier.GENESIS_HASH
                : ledger.get(ledger.size() - 1).hash();
        HistoryEntry draft = new HistoryEntry(
                "0190-" + seq,
                seq,
                "CONSENT",
                purpose,
                state,
                "ab".repeat(32),
                "en",
                details,
                new Actor("USER", SUBJECT),
                Instant.parse("2026-01-02T03:04:05.123456Z").plusSeconds(seq),
                null,
                "toggle",
                null,
                null,
                null,
                null,
                prev,
                null);
        ledger.add(withHash(draft, ReceiptVerifier.entryHash(SUBJECT, draft)));
    }

    static HistoryEntry withHash(HistoryEntry e, String hash) {
        return new HistoryEntry(
                e.eventId(),
                e.seq(),
                e.type(),
                e.purpose(),
                e.state(),
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
                e.prevHash(),
                hash);
    }

    static List<Receipt> receipts(List<HistoryEntry> entries, KeyPair key) throws Exception {
        List<Receipt> receipts = new ArrayList<>();
        for (HistoryEntry e : entries) {
            Map<String, Object> claims = new LinkedHashMap<>();
            claims.put("receiptId", e.eventId());
            claims.put("subject", SUBJECT);
            claims.put("type", e.type());
            claims.put("purpose", e.purpose());
            claims.put("state", e.state());
            claims.put("noticeVersion", e.noticeVersion());
            claims.put("occurredAt", e.occurredAt().toString());
            claims.put("seq", e.seq());
            claims.put("prevHash", e.prevHash());
            claims.put("hash", e.hash());
            claims.put("actor", Map.of("kind", e.actor().kind(), "id", e.actor().id()));
            if (e.details() != null) {
                claims.put("details", e.details());
            }
            receipts.add(new Receipt(e.eventId(), sign(claims, "receipts-1", key)));
        }
        return receipts;
    }

    static String sign(Map<String, Object> claims, String kid, KeyPair key) throws Exception {
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String input = base64url.encodeToString(
                        ("{\"alg\":\"ES256\",\"kid\":\"" + kid + "\"}").getBytes(StandardCharsets.UTF_8))
                + "." + base64url.encodeToString(Json.write(claims));
        byte[] signature = Es256Tests.signP1363(key, input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + base64url.encodeToString(signature);
    }
}
