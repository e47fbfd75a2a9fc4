package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A transparency log made in the test, independent of the library: the tree hash, audit paths and consistency proofs
 * written straight from RFC 9162's recursive definitions (MTH in 2.1.1, PATH in 2.1.3.1, PROOF and SUBPROOF in
 * 2.1.4.1), checkpoints signed with a fresh Ed25519 key of the JDK as C2SP signed notes, proofs as C2SP tlog-proofs.
 */
final class TestLog {

    final String origin;

    final KeyPair key;

    final List<byte[]> entries = new ArrayList<>();

    TestLog(String origin) {
        this(origin, ed25519());
    }

    TestLog(String origin, KeyPair key) {
        this.origin = origin;
        this.key = key;
    }

    /** Appends an entry (a leaf's data); returns its index. */
    int append(byte[] entry) {
        entries.add(entry);
        return entries.size() - 1;
    }

    /** Appends the log entry of a ledger entry: HMAC-SHA256(salt, its hash's 32 bytes). */
    int appendLedgerEntry(byte[] salt, String entryHashHex) {
        return append(ledgerEntry(salt, entryHashHex));
    }

    String verifierKey() {
        return verifierKey(origin, key);
    }

    LogVerifierKey parsedKey() {
        return LogVerifierKey.parse(verifierKey());
    }

    byte[] root(int size) {
        return mth(entries.subList(0, size));
    }

    /** The checkpoint of the first {@code size} entries, signed by the log's key. */
    String checkpoint(int size) {
        return sign(origin + "\n" + size + "\n" + base64(root(size)) + "\n", origin, key);
    }

    Checkpoint openCheckpoint(int size) {
        return Checkpoint.open(checkpoint(size), parsedKey());
    }

    /** The tlog-proof of entry {@code index} in the tree of {@code size} entries. */
    String proof(byte[] salt, int index, int size) {
        return proof(salt, index, path(index, entries.subList(0, size)), checkpoint(size));
    }

    /** The consistency proof between two sizes: a {@link ConsistencyProofs} as the service would answer. */
    List<byte[]> consistency(long from, long to) {
        return consistencyProof((int) from, entries.subList(0, (int) to));
    }

    static String proof(byte[] salt, long index, List<byte[]> path, String checkpoint) {
        StringBuilder text = new StringBuilder("c2sp.org/tlog-proof@v1\n");
        text.append("extra ").append(base64(salt)).append('\n');
        text.append("index ").append(index).append('\n');
        path.forEach(hash -> text.append(base64(hash)).append('\n'));
        return text.append('\n').append(checkpoint).toString();
    }

    // RFC 9162 2.1.1: MTH({}) = SHA-256(); MTH({d(0)}) = SHA-256(0x00 || d(0));
    // MTH(D[n]) = SHA-256(0x01 || MTH(D[0:k]) || MTH(D[k:n])), k the largest power of two smaller than n.
    static byte[] mth(List<byte[]> entries) {
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

    // RFC 9162 2.1.3.1: PATH(0, {d(0)}) = {}; for m < k, PATH(m, D[n]) = PATH(m, D[0:k]) : MTH(D[k:n]);
    // for m >= k, PATH(m, D[n]) = PATH(m - k, D[k:n]) : MTH(D[0:k]).
    static List<byte[]> path(int m, List<byte[]> entries) {
        int n = entries.size();
        List<byte[]> path = new ArrayList<>();
        if (n == 1) {
            return path;
        }
        int k = split(n);
        if (m < k) {
            path.addAll(path(m, entries.subList(0, k)));
            path.add(mth(entries.subList(k, n)));
        } else {
            path.addAll(path(m - k, entries.subList(k, n)));
            path.add(mth(entries.subList(0, k)));
        }
        return path;
    }

    // RFC 9162 2.1.4.1: PROOF(m, D[n]) = SUBPROOF(m, D[n], true).
    static List<byte[]> consistencyProof(int m, List<byte[]> entries) {
        return subproof(m, entries, true);
    }

    // SUBPROOF(m, D[m], true) = {}; SUBPROOF(m, D[m], false) = {MTH(D[m])}; for m < n: if m <= k,
    // SUBPROOF(m, D[n], b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n]); else SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k]).
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

    /** The largest power of two smaller than {@code n}. */
    private static int split(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    static byte[] leafHash(byte[] entry) {
        return sha256(new byte[] {0}, entry);
    }

    static byte[] ledgerEntry(byte[] salt, String entryHashHex) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return hmac.doFinal(HexFormat.of().parseHex(entryHashHex));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ed25519() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The 32 bytes of an Ed25519 public key: the end of its X.509 encoding (RFC 8410). */
    static byte[] rawPublicKey(KeyPair key) {
        byte[] x509 = key.getPublic().getEncoded();
        return Arrays.copyOfRange(x509, x509.length - 32, x509.length);
    }

    /** The signed-note key id: SHA-256(name || 0x0A || 0x01 || public key), its first four bytes. */
    static byte[] keyId(String name, KeyPair key) {
        return Arrays.copyOf(
                sha256(name.getBytes(StandardCharsets.UTF_8), new byte[] {'\n', 0x01}, rawPublicKey(key)), 4);
    }

    static String verifierKey(String name, KeyPair key) {
        byte[] encoded = new byte[33];
        encoded[0] = 0x01;
        System.arraycopy(rawPublicKey(key), 0, encoded, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId(name, key)) + "+" + base64(encoded);
    }

    /** The note: {@code body}, an empty line, and the signature line of {@code name}'s key. */
    static String sign(String body, String name, KeyPair key) {
        return body + "\n" + signatureLine(body, name, key);
    }

    static String signatureLine(String body, String name, KeyPair key) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key.getPrivate());
            signer.update(body.getBytes(StandardCharsets.UTF_8));
            byte[] signature = signer.sign();
            byte[] line = new byte[4 + signature.length];
            System.arraycopy(keyId(name, key), 0, line, 0, 4);
            System.arraycopy(signature, 0, line, 4, signature.length);
            return "\u2014 " + name + " " + base64(line) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(byte[]... parts) {
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

    static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
