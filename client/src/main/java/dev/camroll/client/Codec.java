package dev.camroll.client;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** Strict base64 and hex, SHA-256 and HMAC-SHA256 for the transparency log's formats. */
final class Codec {

    private static final int BLOCK = 64;

    private Codec() {}

    /**
     * Standard base64 (RFC 4648 section 4) in its one canonical spelling, padding included: a second spelling of the
     * same bytes would let two different texts carry one signature or hash.
     */
    static byte[] base64(String text) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + abbreviate(text), e);
        }
        if (!Base64.getEncoder().encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("not canonical base64: " + abbreviate(text));
        }
        return bytes;
    }

    /** {@link #base64(String)} of exactly {@code length} bytes; {@code what} names it in the error. */
    static byte[] base64(String text, int length, String what) {
        byte[] bytes = base64(text);
        if (bytes.length != length) {
            throw new IllegalArgumentException(what + " is " + bytes.length + " bytes, not " + length);
        }
        return bytes;
    }

    /** A decimal without sign or leading zeros (C2SP's sizes and indexes), at most {@link Long#MAX_VALUE}. */
    static long decimal(String text, String what) {
        if (text.isEmpty() || text.length() > 19 || (text.length() > 1 && text.charAt(0) == '0')) {
            throw new IllegalArgumentException(what + " is not a decimal without leading zeros: " + abbreviate(text));
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                throw new IllegalArgumentException(what + " is not a decimal: " + abbreviate(text));
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " is too large: " + text, e);
        }
    }

    /** Lowercase hex (by hand: java.util.HexFormat is Java 17, and Android has it only from API 34). */
    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = Character.forDigit((bytes[i] >> 4) & 0xf, 16);
            out[2 * i + 1] = Character.forDigit(bytes[i] & 0xf, 16);
        }
        return new String(out);
    }

    /** The bytes of hex text (either case), or null when it is not an even number of ASCII hex digits. */
    static byte[] unhex(String hex) {
        if (hex == null || hex.length() % 2 != 0) {
            return null;
        }
        byte[] out = new byte[hex.length() / 2];
        for (int i = 0; i < out.length; i++) {
            int high = digit(hex.charAt(2 * i));
            int low = digit(hex.charAt(2 * i + 1));
            if (high < 0 || low < 0) {
                return null;
            }
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    /**
     * HMAC-SHA256 (RFC 2104) by hand: javax.crypto is outside the library's footprint (the JDK's {@code java.*}, Gson
     * and the tus client), and two SHA-256 runs are all it takes.
     */
    static byte[] hmacSha256(byte[] key, byte[] message) {
        byte[] block = new byte[BLOCK];
        byte[] k = key.length > BLOCK ? sha256().digest(key) : key;
        System.arraycopy(k, 0, block, 0, k.length);
        byte[] inner = new byte[BLOCK];
        byte[] outer = new byte[BLOCK];
        for (int i = 0; i < BLOCK; i++) {
            inner[i] = (byte) (block[i] ^ 0x36);
            outer[i] = (byte) (block[i] ^ 0x5c);
        }
        MessageDigest sha256 = sha256();
        sha256.update(inner);
        byte[] innerHash = sha256.digest(message);
        sha256.update(outer);
        return sha256.digest(innerHash);
    }

    /** The start of a long value, for sentences. */
    static String abbreviate(String text) {
        return text == null ? "(none)" : text.length() > 16 ? text.substring(0, 12) + "..." : text;
    }

    /** An ASCII hex digit's value, or -1 (Character.digit would take other scripts' digits too). */
    private static int digit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
