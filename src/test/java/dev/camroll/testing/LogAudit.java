package dev.camroll.testing;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An auditor's view of the transparency log written from the specifications alone (RFC 9162 2.1, C2SP signed-note,
 * tlog-checkpoint, tlog-proof), independent of the service's code: what the tests check the service's output with.
 */
public final class LogAudit {

    private LogAudit() {}

    /** A checkpoint as read from a signed note: its body's three lines, and whether the log's key signed it. */
    public record Checkpoint(String origin, long size, byte[] root, String note) {}

    /** A tlog-proof: the salt (its extra data), the index, the inclusion path, the checkpoint. */
    public record Proof(byte[] salt, long index, List<byte[]> path, Checkpoint checkpoint) {}

    public static byte[] sha256(byte[]... parts) {
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

    public static byte[] leafHash(byte[] data) {
        return sha256(new byte[] {0}, data);
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        return sha256(new byte[] {1}, left, right);
    }

    /** RFC 9162 2.1.1, recursively as written: MTH(D[n]). */
    public static byte[] mth(List<byte[]> leafHashes) {
        int n = leafHashes.size();
        if (n == 0) {
            return sha256();
        }
        if (n == 1) {
            return leafHashes.get(0);
        }
        int k = Integer.highestOneBit(n - 1);
        return nodeHash(mth(leafHashes.subList(0, k)), mth(leafHashes.subList(k, n)));
    }

    /** The leaf data of a ledger entry: HMAC-SHA256(salt, the entry's hash). */
    public static byte[] entry(byte[] salt, String entryHashHex) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac.doFinal(HexFormat.of().parseHex(entryHashHex));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 9162 2.1.3.2. */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> path, byte[] root) {
        if (index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(r, root);
    }

    /** RFC 9162 2.1.4.2. */
    public static boolean verifyConsistency(
            long first, long second, byte[] firstRoot, byte[] secondRoot, List<byte[]> path) {
        if (first == second) {
            return path.isEmpty() && Arrays.equals(firstRoot, secondRoot);
        }
        if (first < 1 || first > second || path.isEmpty()) {
            return false;
        }
        List<byte[]> c = new ArrayList<>(path);
        if (Long.bitCount(first) == 1) {
            c.add(0, firstRoot);
        }
        long fn = first - 1;
        long sn = second - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = c.get(0);
        byte[] sr = c.get(0);
        for (byte[] p : c.subList(1, c.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(p, fr);
                sr = nodeHash(p, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && Arrays.equals(fr, firstRoot) && Arrays.equals(sr, secondRoot);
    }

    /** Parses a checkpoint note and checks its signature by {@code verifierKey} (name+id+base64(0x01||key)). */
    public static Checkpoint checkpoint(String note, String verifierKey) {
        int end = note.indexOf("\n\n");
        String body = note.substring(0, end + 1);
        String[] lines = body.split("\n");
        String[] key = verifierKey.strip().split("\\+", 3);
        byte[] encoded = Base64.getDecoder().decode(key[2]);
        byte[] keyId = HexFormat.of().parseHex(key[1]);
        boolean signed = false;
        for (String line : note.substring(end + 2).split("\n")) {
            String prefix = "\u2014 " + key[0] + " ";
            if (line.startsWith(prefix)) {
                byte[] signature = Base64.getDecoder().decode(line.substring(prefix.length()));
                if (Arrays.equals(Arrays.copyOf(signature, 4), keyId)) {
                    signed |= ed25519(
                            Arrays.copyOfRange(encoded, 1, 33),
                            body.getBytes(StandardCharsets.UTF_8),
                            Arrays.copyOfRange(signature, 4, signature.length));
                }
            }
        }
        if (!signed) {
            throw new AssertionError("the checkpoint is not signed by " + key[0] + ":\n" + note);
        }
        return new Checkpoint(
                lines[0], Long.parseLong(lines[1]), Base64.getDecoder().decode(lines[2]), note);
    }

    public static Proof proof(String text, String verifierKey) {
        String[] parts = text.split("\n\n", 2);
        String[] lines = parts[0].split("\n");
        if (!lines[0].equals("c2sp.org/tlog-proof@v1")
                || !lines[1].startsWith("extra ")
                || !lines[2].startsWith("index ")) {
            throw new AssertionError("not a tlog-proof with extra data:\n" + text);
        }
        List<byte[]> path = new ArrayList<>();
        for (int i = 3; i < lines.length; i++) {
            path.add(Base64.getDecoder().decode(lines[i]));
        }
        return new Proof(
                Base64.getDecoder().decode(lines[1].substring(6)),
                Long.parseLong(lines[2].substring(6)),
                path,
                checkpoint(parts[1], verifierKey));
    }

    /** Whether {@code proof} proves the ledger entry with this hash in its checkpoint. */
    public static boolean proves(Proof proof, String entryHashHex) {
        return verifyInclusion(
                proof.index(),
                proof.checkpoint().size(),
                leafHash(entry(proof.salt(), entryHashHex)),
                proof.path(),
                proof.checkpoint().root());
    }

    private static boolean ed25519(byte[] publicKey, byte[] message, byte[] signature) {
        try {
            byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100");
            byte[] spki = Arrays.copyOf(x509, x509.length + 32);
            System.arraycopy(publicKey, 0, spki, x509.length, 32);
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki)));
            verifier.update(message);
            return verifier.verify(signature);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
