package dev.camroll.transparency.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * The log's Ed25519 key in the C2SP signed-note formats (golang.org/x/mod/sumdb/note): private
 * {@code PRIVATE+KEY+<name>+<key id>+<base64(0x01 || seed)>}, verifier {@code <name>+<key id>+<base64(0x01 || public
 * key)>}, key id the first four bytes of SHA-256(name || 0x0A || 0x01 || public key), and signature lines
 * {@code — <name> <base64(key id || signature)>}. Bouncy Castle signs: the JDK's Ed25519 cannot derive a public key
 * from a seed.
 */
final class LogKey {

    private static final byte ED25519 = 0x01;

    private final String name;

    private final Ed25519PrivateKeyParameters key;

    private final byte[] publicKey;

    private final byte[] keyId;

    private LogKey(String name, byte[] seed) {
        if (name.isEmpty() || name.contains("+") || name.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("a signed-note key name has no '+', spaces or control characters");
        }
        this.name = name;
        this.key = new Ed25519PrivateKeyParameters(seed, 0);
        this.publicKey = key.generatePublicKey().getEncoded();
        this.keyId = keyId(name, publicKey);
    }

    /** A new key named {@code name} (the log's origin). */
    static LogKey generate(String name) {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return new LogKey(name, seed);
    }

    /** Parses a signed-note private key; {@code source} names it in errors. */
    static LogKey parse(String text, String source) {
        String[] parts = text.strip().split("\\+", 5); // base64 has "+" too
        if (parts.length != 5 || !parts[0].equals("PRIVATE") || !parts[1].equals("KEY")) {
            throw new IllegalStateException(
                    source + " is not a signed-note private key (PRIVATE+KEY+<name>+<key id>+<base64 key>)");
        }
        byte[] encoded;
        try {
            encoded = Base64.getDecoder().decode(parts[4]);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + ": the key is not base64", e);
        }
        if (encoded.length != 33 || encoded[0] != ED25519) {
            throw new IllegalStateException(source + ": not an Ed25519 key (0x01 and 32 bytes)");
        }
        LogKey key = new LogKey(parts[2], Arrays.copyOfRange(encoded, 1, 33));
        if (!HexFormat.of().formatHex(key.keyId).equals(parts[3])) {
            throw new IllegalStateException(source + ": the key id does not match the name and key");
        }
        return key;
    }

    String name() {
        return name;
    }

    /** The private key text, for the key file; never logged. */
    String privateText() {
        byte[] encoded = new byte[33];
        encoded[0] = ED25519;
        System.arraycopy(key.getEncoded(), 0, encoded, 1, 32);
        return "PRIVATE+KEY+" + name + "+" + HexFormat.of().formatHex(keyId) + "+"
                + Base64.getEncoder().encodeToString(encoded);
    }

    /** The verifier key, published at {@code /v1/consent/log/key}. */
    String verifierKey() {
        byte[] encoded = new byte[33];
        encoded[0] = ED25519;
        System.arraycopy(publicKey, 0, encoded, 1, 32);
        return name + "+" + HexFormat.of().formatHex(keyId) + "+"
                + Base64.getEncoder().encodeToString(encoded);
    }

    /** {@code body} (lines each ending in a newline) as a signed note: the body, an empty line, the signature line. */
    String sign(String body) {
        if (!body.endsWith("\n")) {
            throw new IllegalArgumentException("a note's body ends with a newline");
        }
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(text, 0, text.length);
        byte[] signature = signer.generateSignature();
        byte[] line = new byte[4 + signature.length];
        System.arraycopy(keyId, 0, line, 0, 4);
        System.arraycopy(signature, 0, line, 4, signature.length);
        return body + "\n\u2014 " + name + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    private static byte[] keyId(String name, byte[] publicKey) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(name.getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) '\n');
            sha256.update(ED25519);
            sha256.update(publicKey);
            return Arrays.copyOf(sha256.digest(), 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
