package dev.camroll.client;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECFieldFp;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;
import java.util.Base64;

/**
 * ES256 (RFC 7518 section 3.4) with {@code java.security} only, as on Android: the P-256 public key from a JWK's
 * {@code x} and {@code y}, and the JWS signature, which is R || S (64 bytes), turned into the DER that
 * {@code SHA256withECDSA} expects.
 */
final class Es256 {

    /** secp256r1 (FIPS 186-4 D.1.2.3), written out: no named-curve lookup, which providers do differently. */
    static final ECParameterSpec P256 = new ECParameterSpec(
            new EllipticCurve(
                    new ECFieldFp(hex("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFF")),
                    hex("FFFFFFFF00000001000000000000000000000000FFFFFFFFFFFFFFFFFFFFFFFC"),
                    hex("5AC635D8AA3A93E7B3EBBD55769886BC651D06B0CC53B0F63BCE3C3E27D2604B")),
            new ECPoint(
                    hex("6B17D1F2E12C4247F8BCE6E563A440F277037D812DEB33A0F4A13945D898C296"),
                    hex("4FE342E2FE1A7F9B8EE7EB4A7C0F9E162BCE33576B315ECECBB6406837BF51F5")),
            hex("FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551"),
            1);

    private static final int COORDINATE_BYTES = 32;

    private Es256() {}

    /** The public key of a JWK; refuses anything but an EC P-256 key whose point lies on the curve. */
    static PublicKey publicKey(Jwks.Key jwk) {
        if (!"EC".equals(jwk.kty()) || !"P-256".equals(jwk.crv())) {
            throw new IllegalArgumentException(
                    "key " + jwk.kid() + " is not an EC P-256 key (kty " + jwk.kty() + ", crv " + jwk.crv() + ")");
        }
        BigInteger x = coordinate(jwk.x(), "x");
        BigInteger y = coordinate(jwk.y(), "y");
        BigInteger p = ((ECFieldFp) P256.getCurve().getField()).getP();
        BigInteger left = y.multiply(y).mod(p);
        BigInteger right = x.pow(3)
                .add(P256.getCurve().getA().multiply(x))
                .add(P256.getCurve().getB())
                .mod(p);
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !left.equals(right)) {
            throw new IllegalArgumentException("key " + jwk.kid() + " is not a point on P-256");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("key " + jwk.kid() + " is not usable: " + e.getMessage(), e);
        }
    }

    /** Whether {@code signature} (R || S) signs {@code input} under {@code key}. */
    static boolean verify(PublicKey key, byte[] input, byte[] signature) {
        if (signature.length != 2 * COORDINATE_BYTES) {
            return false;
        }
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(input);
            return ecdsa.verify(der(signature));
        } catch (GeneralSecurityException e) {
            return false; // a malformed signature is a bad one
        }
    }

    /** R || S as the DER {@code SEQUENCE { INTEGER r, INTEGER s }} of X9.62 (short lengths: at most 70 bytes). */
    static byte[] der(byte[] rs) {
        byte[] r = integer(Arrays.copyOfRange(rs, 0, rs.length / 2));
        byte[] s = integer(Arrays.copyOfRange(rs, rs.length / 2, rs.length));
        ByteArrayOutputStream out = new ByteArrayOutputStream(6 + r.length + s.length);
        out.write(0x30);
        out.write(2 + r.length + 2 + s.length);
        out.write(0x02);
        out.write(r.length);
        out.write(r, 0, r.length);
        out.write(0x02);
        out.write(s.length);
        out.write(s, 0, s.length);
        return out.toByteArray();
    }

    /** An unsigned big-endian number as a DER INTEGER's content: no leading zeros, but a 0x00 before a high bit. */
    private static byte[] integer(byte[] unsigned) {
        int start = 0;
        while (start < unsigned.length - 1 && unsigned[start] == 0) {
            start++;
        }
        boolean pad = (unsigned[start] & 0x80) != 0;
        byte[] out = new byte[unsigned.length - start + (pad ? 1 : 0)];
        System.arraycopy(unsigned, start, out, pad ? 1 : 0, unsigned.length - start);
        return out;
    }

    private static BigInteger coordinate(String base64url, String name) {
        if (base64url == null) {
            throw new IllegalArgumentException("the key has no " + name);
        }
        byte[] bytes = Base64.getUrlDecoder().decode(base64url);
        if (bytes.length != COORDINATE_BYTES) {
            throw new IllegalArgumentException("the key's " + name + " has " + bytes.length + " bytes, not 32");
        }
        return new BigInteger(1, bytes);
    }

    private static BigInteger hex(String digits) {
        return new BigInteger(digits, 16);
    }
}
