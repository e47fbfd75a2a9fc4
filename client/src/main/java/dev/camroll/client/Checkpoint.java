package dev.camroll.client;

import java.util.Base64;
import java.util.Objects;

/**
 * A transparency log's checkpoint (C2SP tlog-checkpoint): the log's origin, its size, and the RFC 9162 root hash of
 * its first {@code size} entries, in a signed note. There is no other way to get one than {@link #open}, so a
 * checkpoint in hand is one the log's key signed. Keep {@link #note()} to compare later checkpoints with it
 * ({@link LogConsistency}).
 */
public final class Checkpoint {

    private final String origin;

    private final long size;

    private final String root;

    private final String note;

    private Checkpoint(String origin, long size, String root, String note) {
        this.origin = origin;
        this.size = size;
        this.root = root;
        this.note = note;
    }

    /**
     * The checkpoint in {@code note}, once its signature by {@code key} verifies and its origin is the key's name.
     * Signature lines of other keys (witnesses' cosignatures) are ignored. Throws {@link IllegalArgumentException}
     * for a malformed note or body, and for a checkpoint {@code key} did not sign.
     */
    public static Checkpoint open(String note, LogVerifierKey key) {
        Objects.requireNonNull(key, "key");
        String body = SignedNote.open(note, key);
        String[] lines = body.substring(0, body.length() - 1).split("\n", -1);
        if (lines.length < 3) {
            throw new IllegalArgumentException("not a checkpoint: its text has " + lines.length + " lines, not 3");
        }
        for (String line : lines) {
            if (line.isEmpty()) {
                throw new IllegalArgumentException("not a checkpoint: its text has an empty line");
            }
        }
        if (!lines[0].equals(key.name())) {
            throw new SignedNote.Unverified("it is a checkpoint of " + lines[0] + ", not of the log " + key.name());
        }
        try {
            long size = Codec.decimal(lines[1], "the size");
            Codec.base64(lines[2], Merkle.HASH_BYTES, "the root hash");
            return new Checkpoint(lines[0], size, lines[2], note);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a checkpoint: " + e.getMessage(), e);
        }
    }

    /** The log's origin (its key's name). */
    public String origin() {
        return origin;
    }

    /** The number of entries the checkpoint covers. */
    public long size() {
        return size;
    }

    /** The root hash, base64, as the note states it. */
    public String root() {
        return root;
    }

    /** The signed note, verbatim: what to keep. */
    public String note() {
        return note;
    }

    byte[] rootHash() {
        return Base64.getDecoder().decode(root);
    }

    /** Whether {@code other} is the same tree head: origin, size and root (their signature lines may differ). */
    boolean sameHead(Checkpoint other) {
        return origin.equals(other.origin) && size == other.size && root.equals(other.root);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Checkpoint checkpoint && checkpoint.note.equals(note);
    }

    @Override
    public int hashCode() {
        return note.hashCode();
    }

    @Override
    public String toString() {
        return origin + " at size " + size + ", root " + root;
    }
}
