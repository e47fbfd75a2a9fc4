package dev.camroll.client;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.Base64;

/**
 * Makes the Ed25519 key a camroll transparency log signs its checkpoints with, in the signed-note formats
 * (golang.org/x/mod/sumdb/note): the private key {@code PRIVATE+KEY+<origin>+<key id>+<base64(0x01 || seed)>} for
 * {@code camroll.transparency.signing-key}, and its verifier key {@code <origin>+<key id>+<base64(0x01 || public
 * key)>}. JDK only ({@code camroll log-key}).
 */
public final class LogKeys {

    /** A private key and its verifier key. */
    public record Pair(String privateKey, String verifierKey) {}

    private LogKeys() {}

    /** A new key pair whose name is {@code origin} (the log's URL prefix without the scheme). */
    public static Pair generate(String origin) {
        if (origin.isEmpty() || origin.contains("+") || origin.chars().anyMatch(c -> c <= ' ')) {
            throw new IllegalArgumentException("an origin has no '+', spaces or control characters: " + origin);
        }
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            // PKCS #8 and X.509 encodings of Ed25519 end with the 32-byte seed and public key (RFC 8410).
            byte[] pkcs8 = pair.getPrivate().getEncoded();
            byte[] x509 = pair.getPublic().getEncoded();
            byte[] seed = Arrays.copyOfRange(pkcs8, pkcs8.length - 32, pkcs8.length);
            byte[] publicKey = Arrays.copyOfRange(x509, x509.length - 32, x509.length);
            String keyId = Codec.hex(LogVerifierKey.keyId(origin, publicKey));
            return new Pair(
                    "PRIVATE+KEY+" + origin + "+" + keyId + "+" + base64Key(seed),
                    origin + "+" + keyId + "+" + base64Key(publicKey));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this Java has no Ed25519", e);
        }
    }

    private static String base64Key(byte[] key) {
        byte[] encoded = new byte[33];
        encoded[0] = 0x01;
        System.arraycopy(key, 0, encoded, 1, 32);
        return Base64.getEncoder().encodeToString(encoded);
    }
}
