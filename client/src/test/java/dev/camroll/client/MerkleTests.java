package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 9162 verification against the Certificate Transparency test vectors, and against the RFC's recursive definitions
 * ({@link TestLog}) on random trees: every proof the definitions give verifies, and every mutation of one fails.
 */
class MerkleTests {

    // The tree of 8 leaves of the Certificate Transparency tests (certificate-transparency's merkle_tree_test, kept in
    // transparency-dev/merkle proof/verify_test.go): leaf data, and the roots of the trees of the first 1 to 8 leaves.
    static final List<byte[]> LEAVES =
            hex("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");

    static final List<byte[]> ROOTS = hex(
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    static final byte[] EMPTY_TREE = hex("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
            .get(0);

    static final byte[] SOME_HASH = hex("abacaba000000000000000000000000000000000000000000060061e00123456")
            .get(0);

    // The same source's inclusion proofs: index (from 0), tree size, audit path.
    static final Map<long[], List<byte[]>> INCLUSION = new LinkedHashMap<>();

    // ... and consistency proofs: first size, second size, proof.
    static final Map<long[], List<byte[]>> CONSISTENCY = new LinkedHashMap<>();

    static {
        INCLUSION.put(new long[] {0, 1}, List.of());
        INCLUSION.put(
                new long[] {0, 8},
                hex(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
        INCLUSION.put(
                new long[] {5, 8},
                hex(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        INCLUSION.put(new long[] {2, 3}, hex("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"));
        INCLUSION.put(
                new long[] {1, 5},
                hex(
                        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));

        CONSISTENCY.put(new long[] {1, 1}, List.of());
        CONSISTENCY.put(
                new long[] {1, 8},
                hex(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"));
        CONSISTENCY.put(
                new long[] {6, 8},
                hex(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
        CONSISTENCY.put(
                new long[] {2, 5},
                hex(
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"));
        CONSISTENCY.put(
                new long[] {6, 7},
                hex(
                        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
                        "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"));
    }

    @Test
    void theTestsTreeDefinitionGivesThePublishedRootsAndProofs() {
        assertThat(TestLog.mth(List.of())).isEqualTo(EMPTY_TREE);
        for (int size = 1; size <= 8; size++) {
            assertThat(TestLog.mth(LEAVES.subList(0, size)))
                    .as("root of %d", size)
                    .isEqualTo(ROOTS.get(size - 1));
        }
        INCLUSION.forEach((at, path) -> assertThat(TestLog.path((int) at[0], LEAVES.subList(0, (int) at[1])))
                .as("path of %d in %d", at[0], at[1])
                .containsExactlyElementsOf(path));
        CONSISTENCY.forEach((sizes, proof) -> assertThat(
                        TestLog.consistencyProof((int) sizes[0], LEAVES.subList(0, (int) sizes[1])))
                .as("proof from %d to %d", sizes[0], sizes[1])
                .containsExactlyElementsOf(proof));
    }

    @Test
    void theLeafAndNodeHashesAreRfc9162s() {
        assertThat(Merkle.leafHash(LEAVES.get(0))).isEqualTo(ROOTS.get(0));
        assertThat(Merkle.nodeHash(Merkle.leafHash(LEAVES.get(0)), Merkle.leafHash(LEAVES.get(1))))
                .isEqualTo(ROOTS.get(1));
    }

    @Test
    void thePublishedInclusionProofsVerifyAndNoCorruptionOfThemDoes() {
        INCLUSION.forEach((at, path) -> {
            long index = at[0];
            long size = at[1];
            byte[] root = ROOTS.get((int) size - 1);
            byte[] leaf = Merkle.leafHash(LEAVES.get((int) index));
            assertThat(Merkle.verifyInclusion(index, size, leaf, path, root)).isTrue();

            // The corruptions of transparency-dev/merkle's corruptInclusionProof.
            Map<String, Boolean> probes = new LinkedHashMap<>();
            probes.put("index - 1", Merkle.verifyInclusion(index - 1, size, leaf, path, root));
            probes.put("index + 1", Merkle.verifyInclusion(index + 1, size, leaf, path, root));
            probes.put("index ^ 2", Merkle.verifyInclusion(index ^ 2, size, leaf, path, root));
            probes.put("size * 2", Merkle.verifyInclusion(index, size * 2, leaf, path, root));
            probes.put("size / 2", Merkle.verifyInclusion(index, size / 2, leaf, path, root));
            probes.put(
                    "wrong leaf",
                    Merkle.verifyInclusion(index, size, "WrongLeaf".getBytes(StandardCharsets.UTF_8), path, root));
            probes.put("empty root", Merkle.verifyInclusion(index, size, leaf, path, EMPTY_TREE));
            probes.put("random root", Merkle.verifyInclusion(index, size, leaf, path, SOME_HASH));
            probes.put("trailing garbage", Merkle.verifyInclusion(index, size, leaf, plus(path, new byte[0]), root));
            probes.put("trailing root", Merkle.verifyInclusion(index, size, leaf, plus(path, root), root));
            probes.put("preceding garbage", Merkle.verifyInclusion(index, size, leaf, plus(new byte[0], path), root));
            probes.put("preceding root", Merkle.verifyInclusion(index, size, leaf, plus(root, path), root));
            for (int i = 0; i < path.size(); i++) {
                probes.put("flipped bit in " + i, Merkle.verifyInclusion(index, size, leaf, flip(path, i), root));
            }
            if (!path.isEmpty()) {
                probes.put(
                        "removed component",
                        Merkle.verifyInclusion(index, size, leaf, path.subList(0, path.size() - 1), root));
            }
            if (path.size() > 1) {
                List<byte[]> inserted = new ArrayList<>(path);
                inserted.add(1, SOME_HASH);
                probes.put("inserted component", Merkle.verifyInclusion(index, size, leaf, inserted, root));
            }
            assertThat(probes)
                    .as("corruptions of the path of %d in %d", index, size)
                    .allSatisfy(
                            (probe, verified) -> assertThat(verified).as(probe).isFalse());
        });
    }

    @Test
    void thePublishedConsistencyProofsVerifyAndNoCorruptionOfThemDoes() {
        CONSISTENCY.forEach((sizes, proof) -> {
            long first = sizes[0];
            long second = sizes[1];
            byte[] root1 = ROOTS.get((int) first - 1);
            byte[] root2 = ROOTS.get((int) second - 1);
            assertThat(Merkle.verifyConsistency(first, second, root1, root2, proof))
                    .isTrue();
            if (proof.isEmpty()) {
                return;
            }

            // The corruptions of transparency-dev/merkle's corruptConsistencyProof.
            Map<String, Boolean> probes = new LinkedHashMap<>();
            probes.put("size1 - 1", Merkle.verifyConsistency(first - 1, second, root1, root2, proof));
            probes.put("size1 + 1", Merkle.verifyConsistency(first + 1, second, root1, root2, proof));
            probes.put("size1 ^ 2", Merkle.verifyConsistency(first ^ 2, second, root1, root2, proof));
            probes.put("size2 * 2", Merkle.verifyConsistency(first, second * 2, root1, root2, proof));
            probes.put("size2 / 2", Merkle.verifyConsistency(first, second / 2, root1, root2, proof));
            probes.put("wrong root1", Merkle.verifyConsistency(first, second, SOME_HASH, root2, proof));
            probes.put("wrong root2", Merkle.verifyConsistency(first, second, root1, SOME_HASH, proof));
            probes.put("swapped roots", Merkle.verifyConsistency(first, second, root2, root1, proof));
            probes.put("empty proof", Merkle.verifyConsistency(first, second, root1, root2, List.of()));
            probes.put(
                    "trailing garbage",
                    Merkle.verifyConsistency(first, second, root1, root2, plus(proof, new byte[0])));
            probes.put("trailing root1", Merkle.verifyConsistency(first, second, root1, root2, plus(proof, root1)));
            probes.put("trailing root2", Merkle.verifyConsistency(first, second, root1, root2, plus(proof, root2)));
            probes.put(
                    "preceding garbage",
                    Merkle.verifyConsistency(first, second, root1, root2, plus(new byte[0], proof)));
            probes.put("preceding root1", Merkle.verifyConsistency(first, second, root1, root2, plus(root1, proof)));
            probes.put("preceding root2", Merkle.verifyConsistency(first, second, root1, root2, plus(root2, proof)));
            probes.put(
                    "preceding proof[0]",
                    Merkle.verifyConsistency(first, second, root1, root2, plus(proof.get(0), proof)));
            probes.put(
                    "truncated",
                    Merkle.verifyConsistency(first, second, root1, root2, proof.subList(0, proof.size() - 1)));
            for (int i = 0; i < proof.size(); i++) {
                probes.put(
                        "flipped bit in " + i, Merkle.verifyConsistency(first, second, root1, root2, flip(proof, i)));
            }
            assertThat(probes)
                    .as("corruptions of the proof from %d to %d", first, second)
                    .allSatisfy(
                            (probe, verified) -> assertThat(verified).as(probe).isFalse());
        });
    }

    @Test
    void equalSizesNeedEqualRootsAndTheEmptyTreeIsExtendedByEveryTree() {
        byte[] root = ROOTS.get(2);

        assertThat(Merkle.verifyConsistency(3, 3, root, root, List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(3, 3, root, ROOTS.get(3), List.of()))
                .isFalse();
        assertThat(Merkle.verifyConsistency(3, 3, root, root, List.of(root))).isFalse();
        assertThat(Merkle.verifyConsistency(0, 0, EMPTY_TREE, EMPTY_TREE, List.of()))
                .isTrue();
        assertThat(Merkle.verifyConsistency(0, 3, EMPTY_TREE, root, List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(0, 3, EMPTY_TREE, root, List.of(root)))
                .isFalse();
        assertThat(Merkle.verifyConsistency(3, 2, root, ROOTS.get(1), List.of()))
                .isFalse();
        assertThat(Merkle.verifyInclusion(0, 0, Merkle.leafHash(new byte[0]), List.of(), EMPTY_TREE))
                .isFalse();
    }

    @Test
    void everyInclusionProofOfRandomTreesOfUpTo300EntriesVerifiesAndEveryMutationFails() {
        Random random = new Random(9162);
        for (int size = 1; size <= 300; size++) {
            List<byte[]> entries = entries(random, size);
            byte[] root = TestLog.mth(entries);
            for (int index : indexes(random, size)) {
                byte[] leaf = TestLog.leafHash(entries.get(index));
                List<byte[]> path = TestLog.path(index, entries);
                String at = index + " in " + size;
                assertThat(Merkle.verifyInclusion(index, size, leaf, path, root))
                        .as(at)
                        .isTrue();

                for (int i = 0; i < path.size(); i++) {
                    assertThat(Merkle.verifyInclusion(index, size, leaf, flip(path, i), root))
                            .as("%s, bit flipped in %d", at, i)
                            .isFalse();
                }
                assertThat(Merkle.verifyInclusion(index, size, leaf, plus(path, root), root))
                        .as("%s, a hash too many", at)
                        .isFalse();
                if (!path.isEmpty()) {
                    assertThat(Merkle.verifyInclusion(index, size, leaf, path.subList(1, path.size()), root))
                            .as("%s, a hash missing", at)
                            .isFalse();
                }
                if ((index ^ 1) < size) {
                    // The sibling's index: the same path read the other way round.
                    assertThat(Merkle.verifyInclusion(index ^ 1, size, leaf, path, root))
                            .as("%s, sibling's index", at)
                            .isFalse();
                }
                assertThat(Merkle.verifyInclusion(size, size, leaf, path, root))
                        .as("%s, index = size", at)
                        .isFalse();
                for (int otherSize : new int[] {size - 1, size + 1, 2 * size}) {
                    // A size whose path is as long can verify the same hashes; a longer or shorter one cannot.
                    if (otherSize > index
                            && TestLog.path(index, entries(random, otherSize)).size() != path.size()) {
                        assertThat(Merkle.verifyInclusion(index, otherSize, leaf, path, root))
                                .as("%s, size %d", at, otherSize)
                                .isFalse();
                    }
                }
                assertThat(Merkle.verifyInclusion(index, size, Merkle.leafHash(new byte[] {1}), path, root))
                        .as("%s, another leaf", at)
                        .isFalse();
            }
        }
    }

    @Test
    void everyConsistencyProofOfRandomTreesOfUpTo300EntriesVerifiesAndEveryMutationFails() {
        Random random = new Random(6962);
        for (int size = 1; size <= 300; size++) {
            List<byte[]> entries = entries(random, size);
            byte[] root2 = TestLog.mth(entries);
            for (int index : indexes(random, size)) {
                int first = index + 1;
                byte[] root1 = TestLog.mth(entries.subList(0, first));
                List<byte[]> proof = TestLog.consistencyProof(first, entries);
                String between = first + " and " + size;
                assertThat(Merkle.verifyConsistency(first, size, root1, root2, proof))
                        .as(between)
                        .isTrue();
                if (first == size) {
                    assertThat(proof).isEmpty();
                    continue;
                }

                for (int i = 0; i < proof.size(); i++) {
                    assertThat(Merkle.verifyConsistency(first, size, root1, root2, flip(proof, i)))
                            .as("%s, bit flipped in %d", between, i)
                            .isFalse();
                }
                assertThat(Merkle.verifyConsistency(first, size, root1, root2, plus(proof, root2)))
                        .as("%s, a hash too many", between)
                        .isFalse();
                assertThat(Merkle.verifyConsistency(first, size, root1, root2, proof.subList(0, proof.size() - 1)))
                        .as("%s, a hash missing", between)
                        .isFalse();
                assertThat(Merkle.verifyConsistency(first, size, root2, root1, proof))
                        .as("%s, roots swapped", between)
                        .isFalse();
                assertThat(Merkle.verifyConsistency(first, size, root1, SOME_HASH, proof))
                        .as("%s, another second root", between)
                        .isFalse();
                for (int otherFirst : new int[] {first - 1, first + 1}) {
                    if (otherFirst >= 1
                            && otherFirst < size
                            && TestLog.consistencyProof(otherFirst, entries).size() != proof.size()) {
                        assertThat(Merkle.verifyConsistency(otherFirst, size, root1, root2, proof))
                                .as("%s, first size %d", between, otherFirst)
                                .isFalse();
                    }
                }
            }
        }
    }

    @Test
    void hashesOfAnotherLengthAreRefused() {
        byte[] leaf = Merkle.leafHash(LEAVES.get(0));
        byte[] shortRoot = new byte[31];

        assertThat(Merkle.verifyInclusion(0, 1, leaf, List.of(), shortRoot)).isFalse();
        assertThat(Merkle.verifyInclusion(0, 1, new byte[33], List.of(), ROOTS.get(0)))
                .isFalse();
        assertThat(Merkle.verifyConsistency(2, 2, shortRoot, shortRoot, List.of()))
                .isFalse();
    }

    /** Every index of a small tree; the first, the last and a few at random of a larger one. */
    private static List<Integer> indexes(Random random, int size) {
        List<Integer> indexes = new ArrayList<>();
        if (size <= 64) {
            for (int i = 0; i < size; i++) {
                indexes.add(i);
            }
            return indexes;
        }
        indexes.add(0);
        indexes.add(size - 1);
        for (int i = 0; i < 4; i++) {
            indexes.add(random.nextInt(size));
        }
        return indexes;
    }

    /** Distinct entries: two equal siblings would verify each other's index. */
    private static List<byte[]> entries(Random random, int size) {
        List<byte[]> entries = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            byte[] entry = new byte[4 + random.nextInt(40)];
            random.nextBytes(entry);
            entry[0] = (byte) (i >> 8);
            entry[1] = (byte) i;
            entries.add(entry);
        }
        return entries;
    }

    private static List<byte[]> flip(List<byte[]> hashes, int at) {
        List<byte[]> flipped = new ArrayList<>(hashes);
        byte[] hash = flipped.get(at).clone();
        hash[0] ^= 8;
        flipped.set(at, hash);
        return flipped;
    }

    private static List<byte[]> plus(List<byte[]> hashes, byte[] last) {
        List<byte[]> longer = new ArrayList<>(hashes);
        longer.add(last);
        return longer;
    }

    private static List<byte[]> plus(byte[] first, List<byte[]> hashes) {
        List<byte[]> longer = new ArrayList<>();
        longer.add(first);
        longer.addAll(hashes);
        return longer;
    }

    private static List<byte[]> hex(String... values) {
        List<byte[]> bytes = new ArrayList<>();
        for (String value : values) {
            bytes.add(HexFormat.of().parseHex(value));
        }
        return bytes;
    }
}
