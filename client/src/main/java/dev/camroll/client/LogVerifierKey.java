package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/**
 * The public key a transparency log signs its checkpoints with, in the verifier-key format of signed notes
 * (golang.org/x/mod/sumdb/note, C2SP signed-note): {@code <name>+<key id>+<base64(0x01 || Ed25519 public key)>},
 * the key id being the first four bytes of SHA-256(name || 0x0A || 0x01 || public key), in hex. A camroll log's key
 * is named by its origin. {@link Consent#logKey()} fetches it; keep {@link #text()} and pin it: checkpoints signed by
 * any other key are not the log's. Verifies with the JDK's Ed25519.
 */
public final class LogVerifierKey {

    private static final byte ED25519 = 0x01;

    /** The DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410) up to its 32 key bytes. */
    private static final byte[] X509_PREFIX = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};

    private final String name;

    private final byte[] keyId;

    private final PublicKey key;

    private final String text;

    private LogVerifierKey(String name, byte[] keyId, PublicKey key, String text) {
        this.name = name;
        this.keyId = keyId;
        this.key = key;
        this.text = text;
    }

    /**
     * A verifier key from its text (surrounding whitespace ignored). Refuses any algorithm but Ed25519, and a key id
     * that does not match the name and key.
     */
    public static LogVerifierKey parse(String text) {
        String trimmed = text.trim();
        int first = trimmed.indexOf('+');
        int second = first < 0 ? -1 : trimmed.indexOf('+', first + 1); // base64 has '+' too: split twice only
        if (second < 0) {
            throw new IllegalArgumentException("not a verifier key (<name>+<key id>+<key>): " + Codec.abbreviate(text));
        }
        String name = trimmed.substring(0, first);
        String id = trimmed.substring(first + 1, second);
        if (!validName(name)) {
            throw new IllegalArgumentException("a key name is not empty and has no spaces or '+': " + name);
        }
        byte[] keyId = Codec.unhex(id);
        if (keyId == null || keyId.length != 4) {
            throw new IllegalArgumentException("a key id is 8 hex digits, not " + id);
        }
        byte[] encoded = Codec.base64(trimmed.substring(second + 1));
        if (encoded.length != 33 || encoded[0] != ED25519) {
            throw new IllegalArgumentException("not an Ed25519 verifier key (0x01 and 32 bytes)");
        }
        byte[] publicKey = Arrays.copyOfRange(encoded, 1, 33);
        if (!MessageDigest.isEqual(keyId, keyId(name, publicKey))) {
            throw new IllegalArgumentException("the key id " + id + " does not match the name and key");
        }
        return new LogVerifierKey(name, keyId, ed25519(publicKey), trimmed);
    }

    /** The key's name: for a camroll log, the log's origin. */
    public String name() {
        return name;
    }

    /** The key id, 8 lowercase hex digits. */
    public String keyId() {
        return Codec.hex(keyId);
    }

    /** The key as its text, to keep and to compare with the one the operator publishes. */
    public String text() {
        return text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LogVerifierKey key && key.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }

    /** Whether a signature line's name and key id are this key's. */
    boolean names(String lineName, byte[] lineKeyId) {
        return name.equals(lineName) && MessageDigest.isEqual(keyId, lineKeyId);
    }

    /** Whether {@code signature} (64 bytes) is this key's Ed25519 signature of {@code message}. */
    boolean verify(byte[] message, byte[] signature) {
        if (signature.length != 64) {
            return false;
        }
        Signature verifier;
        try {
            verifier = Signature.getInstance("Ed25519");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
        try {
            verifier.initVerify(key);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (GeneralSecurityException unusable) {
            // A signature (or key) that is no valid encoding of a curve point verifies nothing.
            return false;
        }
    }

    /** The key id: the first four bytes of SHA-256(name || 0x0A || 0x01 || public key). */
    static byte[] keyId(String name, byte[] publicKey) {
        MessageDigest sha256 = Codec.sha256();
        sha256.update(name.getBytes(StandardCharsets.UTF_8));
        sha256.update((byte) '\n');
        sha256.update(ED25519);
        return Arrays.copyOf(sha256.digest(publicKey), 4);
    }

    /** A signed-note name: not empty, no spaces, control characters or '+'. */
    static boolean validName(String name) {
        return !name.isEmpty()
                && name.codePoints()
                        .noneMatch(c -> c == '+'
                                || Character.isWhitespace(c)
                                || Character.isSpaceChar(c)
                                || Character.isISOControl(c));
    }

    private static PublicKey ed25519(byte[] publicKey) {
        byte[] spki = Arrays.copyOf(X509_PREFIX, X509_PREFIX.length + publicKey.length);
        System.arraycopy(publicKey, 0, spki, X509_PREFIX.length, publicKey.length);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        }
    }
}
