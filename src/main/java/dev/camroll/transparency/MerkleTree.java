package dev.camroll.transparency;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * Merkle tree hashing as RFC 9162 (section 2.1) defines it, with SHA-256: a leaf hashes as {@code SHA-256(0x00 ||
 * data)}, an inner node as {@code SHA-256(0x01 || left || right)}, and a tree of n leaves splits at the largest power
 * of two below n. Also the audit paths of section 2.1.3 and 2.1.4, over any store of subtree hashes.
 */
public final class MerkleTree {

    /** The root of the empty tree: SHA-256 of nothing. */
    public static final byte[] EMPTY_ROOT = sha256().digest();

    private MerkleTree() {}

    public static byte[] leafHash(byte[] data) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 0);
        sha256.update(data);
        return sha256.digest();
    }

    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = sha256();
        sha256.update((byte) 1);
        sha256.update(left);
        sha256.update(right);
        return sha256.digest();
    }

    /** The Merkle tree hash of {@code leaves} (the data, not yet hashed), in O(n) time and O(log n) memory. */
    public static byte[] root(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return EMPTY_ROOT.clone();
        }
        Frontier frontier = new Frontier();
        for (byte[] leaf : leaves) {
            frontier.append(leafHash(leaf));
        }
        return frontier.root();
    }

    /**
     * The hashes of the complete subtrees on the right edge of a growing tree: appending a leaf hashes only what it
     * completes, and the root folds them from the right.
     */
    public static final class Frontier {

        /** Root hashes of the complete subtrees, largest (leftmost) first; their sizes are the bits of {@link #size}. */
        private final List<byte[]> subtrees = new ArrayList<>();

        private long size;

        public Frontier() {}

        /** A frontier of a tree of {@code size} leaves from its complete subtrees' hashes, largest first. */
        public Frontier(long size, List<byte[]> subtrees) {
            if (Long.bitCount(size) != subtrees.size()) {
                throw new IllegalArgumentException("a tree of " + size + " leaves has " + Long.bitCount(size)
                        + " complete subtrees on its right edge, not " + subtrees.size());
            }
            this.size = size;
            this.subtrees.addAll(subtrees);
        }

        public long size() {
            return size;
        }

        /**
         * Appends a leaf hash and hands {@code completed} each inner node it completes, as (level, index, hash),
         * bottom up; the leaf itself is (0, size before, hash).
         */
        public void append(byte[] leafHash, NodeSink completed) {
            long index = size;
            byte[] hash = leafHash;
            completed.accept(0, index, hash);
            int level = 0;
            while ((index & 1) == 1) {
                hash = nodeHash(subtrees.remove(subtrees.size() - 1), hash);
                index >>= 1;
                level++;
                completed.accept(level, index, hash);
            }
            subtrees.add(hash);
            size++;
        }

        public void append(byte[] leafHash) {
            append(leafHash, (level, index, hash) -> {});
        }

        public byte[] root() {
            if (subtrees.isEmpty()) {
                return EMPTY_ROOT.clone();
            }
            byte[] root = subtrees.get(subtrees.size() - 1);
            for (int i = subtrees.size() - 2; i >= 0; i--) {
                root = nodeHash(subtrees.get(i), root);
            }
            return root;
        }

        /** The complete subtrees' hashes, largest first. */
        public List<byte[]> subtrees() {
            return List.copyOf(subtrees);
        }

        /** Where the complete subtrees of a tree of {@code size} leaves sit: (level, index), largest first. */
        public static List<long[]> positions(long size) {
            List<long[]> positions = new ArrayList<>();
            long start = 0;
            for (int level = 63; level >= 0; level--) {
                if ((size & (1L << level)) != 0) {
                    positions.add(new long[] {level, start >> level});
                    start += 1L << level;
                }
            }
            return positions;
        }
    }

    /** Receives a node: its level (0 for leaves), its index within the level, its hash. */
    @FunctionalInterface
    public interface NodeSink {
        void accept(int level, long index, byte[] hash);
    }

    /** Reads the hash of the complete subtree at (level, index): the leaves {@code index·2^level} to the next. */
    @FunctionalInterface
    public interface NodeReader {
        byte[] node(int level, long index);
    }

    /** RFC 9162 2.1.3.1: the inclusion proof of leaf {@code index} in the tree of the first {@code size} leaves. */
    public static List<byte[]> inclusionProof(long index, long size, NodeReader nodes) {
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf " + index + " is not in a tree of " + size);
        }
        List<byte[]> proof = new ArrayList<>();
        path(index, 0, size, nodes, proof);
        return proof;
    }

    private static void path(long m, long start, long end, NodeReader nodes, List<byte[]> proof) {
        long n = end - start;
        if (n == 1) {
            return;
        }
        long k = split(n);
        if (m < k) {
            path(m, start, start + k, nodes, proof);
            proof.add(subtree(start + k, end, nodes));
        } else {
            path(m - k, start + k, end, nodes, proof);
            proof.add(subtree(start, start + k, nodes));
        }
    }

    /** RFC 9162 2.1.4.1: the consistency proof from the tree of {@code from} leaves to the tree of {@code to}. */
    public static List<byte[]> consistencyProof(long from, long to, NodeReader nodes) {
        if (from < 1 || from > to) {
            throw new IllegalArgumentException("no consistency proof from " + from + " to " + to);
        }
        List<byte[]> proof = new ArrayList<>();
        if (from < to) {
            subproof(from, 0, to, true, nodes, proof);
        }
        return proof;
    }

    private static void subproof(long m, long start, long end, boolean complete, NodeReader nodes, List<byte[]> proof) {
        long n = end - start;
        if (m == n) {
            if (!complete) {
                proof.add(subtree(start, end, nodes));
            }
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(m, start, start + k, complete, nodes, proof);
            proof.add(subtree(start + k, end, nodes));
        } else {
            subproof(m - k, start + k, end, false, nodes, proof);
            proof.add(subtree(start, start + k, nodes));
        }
    }

    /** The hash of the leaves [start, end): a stored node when complete, else folded from complete ones. */
    static byte[] subtree(long start, long end, NodeReader nodes) {
        long n = end - start;
        if (Long.bitCount(n) == 1 && start % n == 0) {
            int level = Long.numberOfTrailingZeros(n);
            return nodes.node(level, start >> level);
        }
        long k = split(n);
        return nodeHash(subtree(start, start + k, nodes), subtree(start + k, end, nodes));
    }

    /** The root of the tree of the first {@code size} leaves, from stored subtree hashes. */
    public static byte[] root(long size, NodeReader nodes) {
        return size == 0 ? EMPTY_ROOT.clone() : subtree(0, size, nodes);
    }

    /** The largest power of two smaller than {@code n} (n > 1). */
    private static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
