package dev.camroll.privacy.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.TreeSet;

import dev.camroll.transparency.MerkleTree;

/**
 * The object keys a purge deleted, as the Merkle tree its {@code DATA_PURGED} entry names by its root
 * ({@code objectKeysRoot}): RFC 9162 (section 2.1) over the keys sorted in {@code String} order, each leaf's data the
 * key's UTF-8 bytes. Small enough to hold whole (a purge of 20,000 photos has about 60,000 keys, some 4 MB).
 */
final class DeletedKeys {

    private static final HexFormat HEX = HexFormat.of();

    private final List<String> sorted;

    private DeletedKeys(List<String> sorted) {
        this.sorted = sorted;
    }

    /** The keys, in any order; duplicates count once, as in {@code purge_keys}. */
    static DeletedKeys of(Collection<String> keys) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(keys));
        return new DeletedKeys(Collections.unmodifiableList(sorted));
    }

    /** The keys in the tree's order. */
    List<String> sorted() {
        return sorted;
    }

    int size() {
        return sorted.size();
    }

    /** The Merkle tree hash, lowercase hex; that of the empty tree (SHA-256 of nothing) when no key was deleted. */
    String root() {
        return HEX.formatHex(MerkleTree.root(leaves()));
    }

    /** Where {@code key} is in the tree, or -1 when the purge did not delete it. */
    int indexOf(String key) {
        int index = Collections.binarySearch(sorted, key);
        return index < 0 ? -1 : index;
    }

    /** RFC 9162 2.1.3.1: the inclusion proof (lowercase hex, leaf side first) of the leaf at {@code index}. */
    List<String> proof(int index) {
        List<byte[][]> levels = levels();
        return MerkleTree.inclusionProof(index, sorted.size(), (level, at) -> levels.get(level)[(int) at]).stream()
                .map(HEX::formatHex)
                .toList();
    }

    private List<byte[]> leaves() {
        return sorted.stream().map(key -> key.getBytes(StandardCharsets.UTF_8)).toList();
    }

    /** The hashes of every complete subtree: level 0 the leaf hashes, level l those of 2^l leaves. */
    private List<byte[][]> levels() {
        List<byte[][]> levels = new ArrayList<>();
        byte[][] level = leaves().stream().map(MerkleTree::leafHash).toArray(byte[][]::new);
        levels.add(level);
        while (level.length > 1) {
            byte[][] below = level;
            level = new byte[below.length / 2][];
            for (int i = 0; i < level.length; i++) {
                level[i] = MerkleTree.nodeHash(below[2 * i], below[2 * i + 1]);
            }
            levels.add(level);
        }
        return levels;
    }
}
