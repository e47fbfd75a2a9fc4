package dev.camroll.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A receipt's proof that its ledger entry is in the transparency log: a C2SP tlog-proof whose extra data is the user's
 * 32-byte salt, then the entry's index, its RFC 9162 inclusion path, and the checkpoint the path leads to. The log's
 * entry for a ledger entry is HMAC-SHA256(salt, the 32 bytes of the entry's hash): the log shows no one's ledger, and
 * the proof lets its owner find their entry in it.
 */
public final class LogProof {

    static final String HEADER = "c2sp.org/tlog-proof@v1";

    private static final int SALT_BYTES = 32;

    private final byte[] salt;

    private final long index;

    private final List<byte[]> path;

    private final Checkpoint checkpoint;

    private LogProof(byte[] salt, long index, List<byte[]> path, Checkpoint checkpoint) {
        this.salt = salt;
        this.index = index;
        this.path = path;
        this.checkpoint = checkpoint;
    }

    /**
     * The proof in {@code text}, its checkpoint opened with {@code key} ({@link Checkpoint#open}). Throws
     * {@link IllegalArgumentException} for a malformed proof, an index outside its checkpoint, and a checkpoint
     * {@code key} did not sign.
     */
    public static LogProof parse(String text, LogVerifierKey key) {
        if (text == null) {
            throw new IllegalArgumentException("no proof");
        }
        int split = text.indexOf("\n\n");
        if (split < 0) {
            throw new IllegalArgumentException("not a tlog-proof: no empty line before its checkpoint");
        }
        String[] lines = text.substring(0, split).split("\n", -1);
        if (!lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("not a tlog-proof: its first line is not " + HEADER);
        }
        if (lines.length < 3 || !lines[1].startsWith("extra ") || !lines[2].startsWith("index ")) {
            throw new IllegalArgumentException("not a camroll tlog-proof: no extra line (the salt) and index line");
        }
        byte[] salt;
        long index;
        List<byte[]> path = new ArrayList<>();
        try {
            salt = Codec.base64(lines[1].substring("extra ".length()), SALT_BYTES, "the salt");
            index = Codec.decimal(lines[2].substring("index ".length()), "the index");
            for (int i = 3; i < lines.length; i++) {
                path.add(Codec.base64(lines[i], Merkle.HASH_BYTES, "hash " + (i - 2) + " of the path"));
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a tlog-proof: " + e.getMessage(), e);
        }
        Checkpoint checkpoint = Checkpoint.open(text.substring(split + 2), key);
        if (index >= checkpoint.size()) {
            throw new IllegalArgumentException(
                    "the index " + index + " is outside its checkpoint's tree of " + checkpoint.size() + " entries");
        }
        return new LogProof(salt, index, Collections.unmodifiableList(path), checkpoint);
    }

    /** The user's salt (the proof's extra data): it keys the HMAC that turns an entry's hash into its log entry. */
    public byte[] salt() {
        return salt.clone();
    }

    /** The entry's index in the log, from 0. */
    public long index() {
        return index;
    }

    /** The inclusion path, the leaf's sibling first. */
    public List<byte[]> path() {
        List<byte[]> copy = new ArrayList<>(path.size());
        path.forEach(hash -> copy.add(hash.clone()));
        return copy;
    }

    /** The checkpoint the path leads to, signed by the log's key. */
    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /**
     * Whether this proof shows the ledger entry with hash {@code entryHash} (64 hex digits, as the history and the
     * receipt state it) in the log: its leaf, recomputed with the salt, at the index, under the checkpoint's root.
     */
    public boolean proves(String entryHash) {
        byte[] hash = Codec.unhex(entryHash);
        if (hash == null || hash.length != Merkle.HASH_BYTES) {
            return false;
        }
        byte[] leaf = Merkle.leafHash(Codec.hmacSha256(salt, hash));
        return Merkle.verifyInclusion(index, checkpoint.size(), leaf, path, checkpoint.rootHash());
    }
}
