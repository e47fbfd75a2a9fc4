package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Opens a signed note (C2SP signed-note, golang.org/x/mod/sumdb/note): text lines, an empty line, then signature lines
 * {@code — <key name> <base64(4-byte key id || signature)>}, each signing the text up to and including its last
 * newline. As Go's {@code note.Open}: a signature line of another key (a witness's cosignature) is ignored, but one
 * that names the key and does not verify fails the note.
 */
final class SignedNote {

    /** Go's limit: a note with more signature lines is refused before any is checked. */
    private static final int MAX_SIGNATURES = 100;

    private static final String SIGNATURE_PREFIX = "\u2014 ";

    /** The note is well formed, but {@code key} did not sign it. */
    static final class Unverified extends IllegalArgumentException {

        Unverified(String message) {
            super(message);
        }
    }

    private SignedNote() {}

    /**
     * The text of {@code note}, once {@code key} verifiably signed it. Throws {@link Unverified} when it did not, and
     * {@link IllegalArgumentException} when the note is malformed.
     */
    static String open(String note, LogVerifierKey key) {
        if (note == null || note.isEmpty()) {
            throw malformed("it is empty");
        }
        for (int i = 0; i < note.length(); i++) {
            char c = note.charAt(i);
            if (c < 0x20 && c != '\n') {
                throw malformed("it holds the control character " + (int) c);
            }
        }
        if (!note.endsWith("\n")) {
            throw malformed("it does not end with a newline");
        }
        int split = note.lastIndexOf("\n\n");
        if (split < 0 || split + 2 == note.length()) {
            throw malformed("no signature lines after an empty line");
        }
        String text = note.substring(0, split + 1);
        byte[] signed = text.getBytes(StandardCharsets.UTF_8);
        List<String> others = new ArrayList<>();
        boolean verified = false;
        String[] lines = note.substring(split + 2, note.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw malformed("more than " + MAX_SIGNATURES + " signature lines");
        }
        for (String line : lines) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                throw malformed("a signature line does not start with an em dash and a space");
            }
            int space = line.indexOf(' ', SIGNATURE_PREFIX.length());
            String name = space < 0 ? "" : line.substring(SIGNATURE_PREFIX.length(), space);
            if (!LogVerifierKey.validName(name) || space + 1 == line.length()) {
                throw malformed("a signature line is not <name> <base64>");
            }
            byte[] signature;
            try {
                signature = Codec.base64(line.substring(space + 1));
            } catch (IllegalArgumentException e) {
                throw malformed("a signature is " + e.getMessage());
            }
            if (signature.length < 5) {
                throw malformed("a signature line holds " + signature.length + " bytes");
            }
            if (!key.names(name, Arrays.copyOf(signature, 4))) {
                others.add(name);
            } else if (!verified) {
                // Go's note.Open checks one signature per key and drops repeated ones.
                if (!key.verify(signed, Arrays.copyOfRange(signature, 4, signature.length))) {
                    throw new Unverified("its signature by " + key.name() + "+" + key.keyId()
                            + " does not verify: the note was altered, or the signature forged");
                }
                verified = true;
            }
        }
        if (!verified) {
            throw new Unverified("it is not signed by " + key.name() + "+" + key.keyId()
                    + (others.isEmpty() ? "" : " (only by " + String.join(", ", others) + ")"));
        }
        return text;
    }

    private static IllegalArgumentException malformed(String why) {
        return new IllegalArgumentException("not a signed note: " + why);
    }
}
