package dev.camroll.transparency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import dev.camroll.testing.LogAudit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's tree against the RFC 6962 reference vectors (the Certificate Transparency test tree) and against
 * {@link LogAudit}, the RFC's algorithms written straight from its text: every root, inclusion and consistency proof of
 * every tree up to 140 leaves.
 */
class MerkleTreeTests {

    private static final HexFormat HEX = HexFormat.of();

    /** The CT reference leaves (transparency-dev/merkle testonly, certificate-transparency-go). */
    private static final List<String> LEAVES =
            List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657", "606162636465666768696a6b6c6d6e6f");

    /** Their roots for the sizes 0 to 8. */
    private static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    @Test
    void theRootsAreTheReferenceRoots() {
        Stored tree = new Stored();
        assertThat(HEX.formatHex(MerkleTree.root(0, tree::node))).isEqualTo(ROOTS.get(0));
        for (int size = 1; size <= LEAVES.size(); size++) {
            tree.append(HEX.parseHex(LEAVES.get(size - 1)));
            assertThat(HEX.formatHex(tree.frontier.root())).as("size %d", size).isEqualTo(ROOTS.get(size));
            assertThat(HEX.formatHex(MerkleTree.root(size, tree::node))).isEqualTo(ROOTS.get(size));
            assertThat(HEX.formatHex(MerkleTree.root(
                            LEAVES.subList(0, size).stream().map(HEX::parseHex).toList())))
                    .isEqualTo(ROOTS.get(size));
        }
    }

    @Test
    void theInclusionProofsAreTheReferenceProofs() {
        Stored tree = new Stored();
        LEAVES.forEach(leaf -> tree.append(HEX.parseHex(leaf)));
        assertThat(hex(MerkleTree.inclusionProof(0, 8, tree::node)))
                .containsExactly(
                        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
                        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
                        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4");
        assertThat(hex(MerkleTree.inclusionProof(5, 8, tree::node)))
                .containsExactly(
                        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
                        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
                        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7");
    }

    @Test
    void everyProofOfEveryTreeUpTo140LeavesVerifiesWithTheRfcsOwnAlgorithmAndNoAlteredOneDoes() {
        Stored tree = new Stored();
        List<byte[]> leafHashes = new ArrayList<>();
        for (int size = 1; size <= 140; size++) {
            byte[] data = ("entry " + size).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            tree.append(data);
            leafHashes.add(MerkleTree.leafHash(data));
            byte[] root = LogAudit.mth(leafHashes);
            assertThat(MerkleTree.root(size, tree::node)).isEqualTo(root);
            for (int index = 0; index < size; index++) {
                List<byte[]> path = MerkleTree.inclusionProof(index, size, tree::node);
                assertThat(LogAudit.verifyInclusion(index, size, leafHashes.get(index), path, root))
                        .as("leaf %d of %d", index, size)
                        .isTrue();
                if (!path.isEmpty()) {
                    List<byte[]> altered = new ArrayList<>(path);
                    byte[] flipped = altered.get(0).clone();
                    flipped[31] ^= 1;
                    altered.set(0, flipped);
                    assertThat(LogAudit.verifyInclusion(index, size, leafHashes.get(index), altered, root))
                            .isFalse();
                    assertThat(LogAudit.verifyInclusion(
                                    index, size, leafHashes.get(index), path.subList(1, path.size()), root))
                            .isFalse();
                }
            }
            for (int from = 1; from <= size; from++) {
                byte[] fromRoot = LogAudit.mth(leafHashes.subList(0, from));
                List<byte[]> proof = MerkleTree.consistencyProof(from, size, tree::node);
                assertThat(LogAudit.verifyConsistency(from, size, fromRoot, root, proof))
                        .as("from %d to %d", from, size)
                        .isTrue();
                if (from < size) {
                    assertThat(LogAudit.verifyConsistency(from, size, root, root, proof))
                            .isFalse();
                }
            }
        }
    }

    private static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    /** A tree whose nodes are kept as the service keeps them: every complete subtree, by level and index. */
    private static final class Stored {

        final MerkleTree.Frontier frontier = new MerkleTree.Frontier();

        final Map<String, byte[]> nodes = new HashMap<>();

        void append(byte[] data) {
            frontier.append(MerkleTree.leafHash(data), (level, index, hash) -> nodes.put(level + "/" + index, hash));
        }

        byte[] node(int level, long index) {
            byte[] hash = nodes.get(level + "/" + index);
            assertThat(hash).as("node %d/%d is stored", level, index).isNotNull();
            return hash;
        }
    }
}
