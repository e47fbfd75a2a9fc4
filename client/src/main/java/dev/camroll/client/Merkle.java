package dev.camroll.client;

import java.security.MessageDigest;
import java.util.List;

/**
 * RFC 9162 (section 2.1) Merkle tree hashing with SHA-256, and the verification of inclusion and consistency proofs
 * exactly as sections 2.1.3.2 and 2.1.4.2 give it. Strict: every hash is 32 bytes, a proof has exactly the hashes its
 * index and sizes call for, and an index must lie within its tree.
 */
public final class Merkle {

    /** The length of every hash. */
    public static final int HASH_BYTES = 32;

    private Merkle() {}

    /** A leaf's hash: SHA-256(0x00 || data). */
    public static byte[] leafHash(byte[] data) {
        MessageDigest sha256 = Codec.sha256();
        sha256.update((byte) 0x00);
        return sha256.digest(data);
    }

    /** An interior node's hash: SHA-256(0x01 || left || right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest sha256 = Codec.sha256();
        sha256.update((byte) 0x01);
        sha256.update(left);
        return sha256.digest(right);
    }

    /**
     * Whether {@code proof} (the audit path, the leaf's sibling first) shows the leaf with hash {@code leafHash} at
     * {@code index} in the tree of {@code size} leaves whose root is {@code root} (RFC 9162 section 2.1.3.2).
     */
    public static boolean verifyInclusion(long index, long size, byte[] leafHash, List<byte[]> proof, byte[] root) {
        if (index < 0 || index >= size || !hashes(leafHash, root) || !hashes(proof)) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * Whether {@code proof} shows that the tree of {@code size2} leaves with root {@code root2} extends the tree of
     * {@code size1} leaves with root {@code root1} (RFC 9162 section 2.1.4.2). Equal sizes need equal roots and an
     * empty proof; every tree extends the empty one, with an empty proof.
     */
    public static boolean verifyConsistency(long size1, long size2, byte[] root1, byte[] root2, List<byte[]> proof) {
        if (size1 < 0 || size2 < size1 || !hashes(root1, root2) || !hashes(proof)) {
            return false;
        }
        if (size1 == size2) {
            return proof.isEmpty() && MessageDigest.isEqual(root1, root2);
        }
        if (size1 == 0) {
            return proof.isEmpty();
        }
        if (proof.isEmpty()) {
            return false;
        }
        // Step 2: when size1 is a power of two, its root is a node of the larger tree and the path starts there.
        boolean firstIsNode = Long.bitCount(size1) == 1;
        long fn = size1 - 1;
        long sn = size2 - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = firstIsNode ? root1 : proof.get(0);
        byte[] sr = fr;
        for (int i = firstIsNode ? 0 : 1; i < proof.size(); i++) {
            byte[] c = proof.get(i);
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, root1) && MessageDigest.isEqual(sr, root2);
    }

    private static boolean hashes(byte[]... hashes) {
        for (byte[] hash : hashes) {
            if (hash == null || hash.length != HASH_BYTES) {
                return false;
            }
        }
        return true;
    }

    private static boolean hashes(List<byte[]> proof) {
        if (proof == null) {
            return false;
        }
        for (byte[] hash : proof) {
            if (hash == null || hash.length != HASH_BYTES) {
                return false;
            }
        }
        return true;
    }
}
