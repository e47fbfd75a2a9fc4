package dev.camroll.cli;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.camroll.client.Consent.Actor;
import dev.camroll.client.Consent.HistoryEntry;
import dev.camroll.client.Consent.Receipt;
import dev.camroll.client.ReceiptVerifier;

/**
 * A user's ledger of three entries as the service would hand it out, made in the test: receipts signed with an ES256
 * key made here, and a transparency log of other users' entries and these, its tree computed as RFC 9162 defines it,
 * its checkpoints signed with an Ed25519 key made here.
 */
final class LedgerFixture {

    static final String SUBJECT = "alice";

    static final String ORIGIN = "camroll.example/v1/consent/log";

    /** The log's indexes of the ledger's entries. */
    static final int[] INDEXES = {1, 4, 5};

    private static final Gson GSON = new Gson();

    final Random random = new Random(20);

    final KeyPair receiptKey = generate("EC");

    final KeyPair logKey = generate("Ed25519");

    final byte[] salt = bytes(32);

    final List<HistoryEntry> ledger = new ArrayList<>();

    /** The log's entries; tests append to it or change it. */
    final List<byte[]> log = new ArrayList<>();

    LedgerFixture() {
        append("cloud_processing", "GIVEN");
        append("location_analysis", "GIVEN");
        append("cloud_processing", "WITHDRAWN");
        int ours = 0;
        for (int index = 0; index < 7; index++) {
            log.add(
                    ours < INDEXES.length && INDEXES[ours] == index
                            ? hmac(salt, ledger.get(ours++).hash())
                            : bytes(32));
        }
    }

    String jwks() {
        ECPublicKey key = (ECPublicKey) receiptKey.getPublic();
        return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"kid\":\"receipts-1\",\"use\":\"sig\",\"x\":\""
                + coordinate(key.getW().getAffineX()) + "\",\"y\":\""
                + coordinate(key.getW().getAffineY()) + "\"}]}";
    }

    String logVerifierKey() {
        return verifierKey(ORIGIN, logKey);
    }

    /** The checkpoint of the first {@code size} entries of {@code entries}, signed by {@code key}. */
    static String checkpoint(List<byte[]> entries, int size, KeyPair key) {
        String body = ORIGIN + "\n" + size + "\n" + base64(mth(entries.subList(0, size))) + "\n";
        return body + "\n\u2014 " + ORIGIN + " " + base64(concat(keyId(ORIGIN, key), sign(key, body))) + "\n";
    }

    String checkpoint(int size) {
        return checkpoint(log, size, logKey);
    }

    /** The receipts of {@code entries}, each with its proof under the checkpoint of {@code size} (0: no proofs). */
    List<Receipt> receipts(List<HistoryEntry> entries, int size) {
        List<Receipt> receipts = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            HistoryEntry e = entries.get(i);
            receipts.add(new Receipt(e.eventId(), jws(e), size == 0 ? null : proof(INDEXES[i], size)));
        }
        return receipts;
    }

    String proof(int index, int size) {
        StringBuilder text = new StringBuilder("c2sp.org/tlog-proof@v1\nextra " + base64(salt) + "\nindex " + index);
        path(index, log.subList(0, size)).forEach(hash -> text.append('\n').append(base64(hash)));
        return text.append("\n\n").append(checkpoint(size)).toString();
    }

    /** The export document: each history entry with its receipt beside its fields. */
    static byte[] export(List<HistoryEntry> entries, List<Receipt> receipts) {
        JsonArray history = new JsonArray();
        for (int i = 0; i < entries.size(); i++) {
            JsonObject entry = Camroll.JSON.toJsonTree(entries.get(i)).getAsJsonObject();
            entry.add("receipt", Camroll.JSON.toJsonTree(receipts.get(i)));
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

    /** The ledger with the entry at {@code at} given another state, its chain recomputed from there on. */
    List<HistoryEntry> rewritten(int at, String state) {
        List<HistoryEntry> out = new ArrayList<>(ledger.subList(0, at));
        for (int i = at; i < ledger.size(); i++) {
            HistoryEntry e = ledger.get(i);
            out.add(hashed(
                    e.eventId(),
                    e.seq(),
                    e.purpose(),
                    i == at ? state : e.state(),
                    out.isEmpty()
                            ? ReceiptVerifier.GENESIS_HASH
                            : out.get(out.size() - 1).hash()));
        }
        return out;
    }

    /** RFC 9162 2.1.4.1's PROOF(m, D[n]) of the first {@code to} entries. */
    List<byte[]> consistency(int from, int to) {
        return subproof(from, log.subList(0, to), true);
    }

    private void append(String purpose, String state) {
        long seq = ledger.size() + 1;
        String prev = ledger.isEmpty()
                ? ReceiptVerifier.GENESIS_HASH
                : ledger.get(ledger.size() - 1).hash();
        ledger.add(hashed("0190-" + seq, seq, purpose, state, prev));
    }

    private static HistoryEntry hashed(String eventId, long seq, String purpose, String state, String prev) {
        HistoryEntry draft = entry(eventId, seq, purpose, state, prev, null);
        return entry(eventId, seq, purpose, state, prev, ReceiptVerifier.entryHash(SUBJECT, draft));
    }

    private static HistoryEntry entry(
            String eventId, long seq, String purpose, String state, String prev, String hash) {
        return new HistoryEntry(
                eventId,
                seq,
                "CONSENT",
                purpose,
                state,
                "ab".repeat(32),
                "en",
                null,
                new Actor("USER", SUBJECT),
                Instant.parse("2026-12-01T10:00:00.123456Z").plusSeconds(seq),
                null,
                "toggle",
                null,
                null,
                null,
                null,
                prev,
                hash);
    }

    private String jws(HistoryEntry e) {
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
        Base64.Encoder base64url = Base64.getUrlEncoder().withoutPadding();
        String input =
                base64url.encodeToString("{\"alg\":\"ES256\",\"kid\":\"receipts-1\"}".getBytes(StandardCharsets.UTF_8))
                        + "." + base64url.encodeToString(GSON.toJson(claims).getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
            signature.initSign(receiptKey.getPrivate());
            signature.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + base64url.encodeToString(signature.sign());
        } catch (Exception ex) {
            throw new IllegalStateException(ex);
        }
    }

    static String verifierKey(String name, KeyPair key) {
        return name + "+" + HexFormat.of().formatHex(keyId(name, key)) + "+"
                + base64(concat(new byte[] {0x01}, rawPublicKey(key)));
    }

    // RFC 9162 2.1.1: MTH, with k the largest power of two smaller than n.
    private static byte[] mth(List<byte[]> entries) {
        int n = entries.size();
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return sha256(new byte[] {0}, entries.get(0));
        }
        int k = split(n);
        return sha256(new byte[] {1}, mth(entries.subList(0, k)), mth(entries.subList(k, n)));
    }

    // RFC 9162 2.1.3.1: PATH(m, D[n]).
    private static List<byte[]> path(int m, List<byte[]> entries) {
        int n = entries.size();
        List<byte[]> path = new ArrayList<>();
        if (n > 1) {
            int k = split(n);
            path.addAll(m < k ? path(m, entries.subList(0, k)) : path(m - k, entries.subList(k, n)));
            path.add(m < k ? mth(entries.subList(k, n)) : mth(entries.subList(0, k)));
        }
        return path;
    }

    // RFC 9162 2.1.4.1: SUBPROOF(m, D[n], b).
    private static List<byte[]> subproof(int m, List<byte[]> entries, boolean b) {
        int n = entries.size();
        List<byte[]> proof = new ArrayList<>();
        if (m == n) {
            if (!b) {
                proof.add(mth(entries));
            }
            return proof;
        }
        int k = split(n);
        if (m <= k) {
            proof.addAll(subproof(m, entries.subList(0, k), b));
            proof.add(mth(entries.subList(k, n)));
        } else {
            proof.addAll(subproof(m - k, entries.subList(k, n), false));
            proof.add(mth(entries.subList(0, k)));
        }
        return proof;
    }

    private static int split(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    private static byte[] hmac(byte[] key, String hashHex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(HexFormat.of().parseHex(hashHex));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sign(KeyPair key, String body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(body.getBytes(StandardCharsets.UTF_8));
            return signer.sign();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] keyId(String name, KeyPair key) {
        return Arrays.copyOf(
                sha256(name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', 0x01}, rawPublicKey(key)), 4);
    }

    private static byte[] rawPublicKey(KeyPair key) {
        byte[] x509 = key.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    static KeyPair generate(String algorithm) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
            if (algorithm.equals("EC")) {
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            }
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    private static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
