package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON of the ledger's hash chain (docs/architecture.md, "The hash chain"): no whitespace, object keys
 * sorted, strings escaped as the service's JSON library (Jackson) escapes them: {@code "} and {@code \}, the short
 * forms {@code \b \t \n \f \r}, other control characters as <code>&#92;u00XX</code> with upper-case hex, everything else as
 * it is in UTF-8. (Gson's writer differs: lower-case hex, and it escapes U+2028 and U+2029.)
 */
final class CanonicalJson {

    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();

    private static final char[] HEX_LOWER = "0123456789abcdef".toCharArray();

    private CanonicalJson() {}

    /** A value (maps, lists, strings, numbers, booleans, null) as canonical JSON text. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    /** Lower-case hex of SHA-256 over {@code prefix} (ASCII) followed by {@code text} (UTF-8). */
    static String sha256(String prefix, String text) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prefix.getBytes(StandardCharsets.US_ASCII));
            return hex(sha256.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    // By hand: java.util.HexFormat is Java 17, and Android has it only from API 34.
    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX_LOWER[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX_LOWER[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static void append(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String text) {
            string(out, text);
        } else if (value instanceof Map<?, ?> map) {
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((key, member) -> sorted.put(String.valueOf(key), member));
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> member : sorted.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                string(out, member.getKey());
                out.append(':');
                append(out, member.getValue());
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                append(out, list.get(i));
            }
            out.append(']');
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(HEX_UPPER[c >> 4]).append(HEX_UPPER[c & 0xf]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
