package dev.camroll.client;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Es256Tests {

    @Test
    void aSignatureInJwsFormVerifiesUnderTheKeyRebuiltFromItsJwk() throws Exception {
        KeyPair pair = p256();
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 50; i++) { // R or S with a high bit or leading zeros turns up within a few tries
            byte[] rs = signP1363(pair, input);

            assertThat(Es256.verify(Es256.publicKey(jwk("k", pair)), input, rs)).isTrue();
            assertThat(Es256.verify(Es256.publicKey(jwk("k", pair)), "header.other".getBytes(), rs))
                    .isFalse();
        }
    }

    @Test
    void theDerFormIsWhatTheJdkItselfWrites() throws Exception {
        KeyPair pair = p256();
        Signature p1363 = Signature.getInstance("SHA256withECDSAinP1363Format");
        for (int i = 0; i < 50; i++) {
            Signature der = Signature.getInstance("SHA256withECDSA");
            der.initSign(pair.getPrivate());
            der.update(new byte[] {(byte) i});
            byte[] written = der.sign();
            byte[] rs = rsOf(written);

            assertThat(Es256.der(rs)).isEqualTo(written);
            p1363.initVerify(pair.getPublic());
            p1363.update(new byte[] {(byte) i});
            assertThat(p1363.verify(rs)).isTrue();
        }
    }

    @Test
    void aSignatureOfAnotherKeyOrOfTheWrongLengthDoesNotVerify() throws Exception {
        KeyPair ours = p256();
        KeyPair theirs = p256();
        byte[] input = "header.payload".getBytes(StandardCharsets.US_ASCII);

        assertThat(Es256.verify(Es256.publicKey(jwk("k", ours)), input, signP1363(theirs, input)))
                .isFalse();
        assertThat(Es256.verify(Es256.publicKey(jwk("k", ours)), input, new byte[64]))
                .isFalse();
        assertThat(Es256.verify(Es256.publicKey(jwk("k", ours)), input, Arrays.copyOf(signP1363(ours, input), 63)))
                .isFalse();
    }

    @Test
    void aKeyOffTheCurveOrOfAnotherTypeIsRefused() throws Exception {
        Jwks.Key key = jwk("k", p256());
        Jwks.Key moved = new Jwks.Key(key.kty(), key.crv(), key.kid(), key.use(), key.alg(), key.x(), key.x());

        assertThatThrownBy(() -> Es256.publicKey(moved)).hasMessageContaining("not a point on P-256");
        assertThatThrownBy(() -> Es256.publicKey(new Jwks.Key("RSA", null, "r", "sig", null, null, null)))
                .hasMessageContaining("not an EC P-256 key");
    }

    static KeyPair p256() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    static Jwks.Key jwk(String kid, KeyPair pair) {
        ECPublicKey key = (ECPublicKey) pair.getPublic();
        return new Jwks.Key(
                "EC",
                "P-256",
                kid,
                "sig",
                null,
                coordinate(key.getW().getAffineX()),
                coordinate(key.getW().getAffineY()));
    }

    static byte[] signP1363(KeyPair pair, byte[] input) throws Exception {
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(pair.getPrivate());
        signature.update(input);
        return signature.sign();
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    /** R || S of a DER signature, each padded to 32 bytes. */
    private static byte[] rsOf(byte[] der) {
        int rLength = der[3];
        byte[] r = Arrays.copyOfRange(der, 4, 4 + rLength);
        int sLength = der[5 + rLength];
        byte[] s = Arrays.copyOfRange(der, 6 + rLength, 6 + rLength + sLength);
        byte[] rs = new byte[64];
        System.arraycopy(r, Math.max(0, r.length - 32), rs, 32 - Math.min(32, r.length), Math.min(32, r.length));
        System.arraycopy(s, Math.max(0, s.length - 32), rs, 64 - Math.min(32, s.length), Math.min(32, s.length));
        return rs;
    }
}
