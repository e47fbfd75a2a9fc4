package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a purge's deletion proof offline (docs/privacy.md, "Deletion proofs"). After a withdrawal of
 * {@code cloud_processing} or an erasure, the ledger's {@code DATA_PURGED} entry states {@code objectKeysRoot}: the RFC
 * 9162 Merkle tree hash over the object keys the purge deleted, sorted, each leaf a key's UTF-8 bytes. The service
 * lists the keys ({@link Account#purge}) and proves any one of them ({@code GET
 * /v1/me/purges/{purgeId}/keys/proof?key=...}); these checks recompute what the service states, trusting only the
 * entry, whose receipt {@link ReceiptVerifier} verifies. JDK and Gson only, so they run on Android too.
 *
 * <pre>{@code
 * Consent.HistoryEntry entry = ...; // the DATA_PURGED entry, its receipt verified
 * DeletionProof.Purge purge = camroll.account().purge((String) entry.details().get("purgeId"));
 * DeletionProof.Check keys = DeletionProof.checkKeys(purge, entry);
 * List<String> notDeleted = DeletionProof.missing(purge.keys(), mediaIdsFromMyLastExport);
 * }</pre>
 */
public final class DeletionProof {

    private DeletionProof() {}

    /**
     * A purge with the object keys it deleted, as {@code GET /v1/me/purges/{purgeId}} answers it. While the purge runs
     * (and for a purge that finished before keys were kept), {@code objectKeysRoot} and {@code objects} are null and
     * {@code keys} is empty.
     */
    public record Purge(
            String purgeId,
            String scope,
            Instant requestedAt,
            Instant finishedAt,
            String ledgerEventId,
            String objectKeysRoot,
            Long objects,
            List<String> keys) {

        public Purge {
            keys = keys == null ? List.of() : List.copyOf(keys);
        }

        /** The answer's JSON, e.g. as saved with {@code curl}. */
        public static Purge parse(String json) {
            return Json.read(json.getBytes(StandardCharsets.UTF_8), Purge.class);
        }
    }

    /** The inclusion proof of one deleted key, as {@code GET /v1/me/purges/{purgeId}/keys/proof} answers it. */
    public record KeyProof(String key, long index, long size, String objectKeysRoot, List<String> proof) {

        public KeyProof {
            proof = proof == null ? List.of() : List.copyOf(proof);
        }

        /** The answer's JSON, e.g. as saved with {@code curl}. */
        public static KeyProof parse(String json) {
            return Json.read(json.getBytes(StandardCharsets.UTF_8), KeyProof.class);
        }
    }

    /**
     * The outcome of a check.
     *
     * @param valid whether everything checked holds
     * @param problem what does not hold, a sentence for a person; null when valid
     */
    public record Check(boolean valid, String problem) {

        static Check ok() {
            return new Check(true, null);
        }

        static Check fail(String problem) {
            return new Check(false, problem);
        }
    }

    /**
     * The RFC 9162 Merkle tree hash (lowercase hex) over {@code keys} sorted in {@code String} order, each leaf the
     * key's UTF-8 bytes: the {@code objectKeysRoot} a purge that deleted exactly these keys states. The empty tree's is
     * the SHA-256 of nothing. A key given twice is two leaves (a purge lists each key once).
     */
    public static String root(Collection<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        List<byte[]> hashes = new ArrayList<>(sorted.size());
        for (String key : sorted) {
            hashes.add(leafHash(key));
        }
        return hex(treeHash(hashes, 0, hashes.size()));
    }

    /**
     * Whether {@code keys} are the keys the {@code DATA_PURGED} entry {@code entry} states it deleted: their root is its
     * {@code details.objectKeysRoot}, and their number its {@code details.deleted.objects}.
     */
    public static Check checkKeys(Collection<String> keys, Consent.HistoryEntry entry) {
        String expected = statedRoot(entry);
        if (expected == null) {
            return Check.fail(missingRoot(entry));
        }
        Long objects = statedObjects(entry);
        if (objects != null && objects != keys.size()) {
            return Check.fail(
                    "The entry states " + objects + " deleted objects; the list holds " + keys.size() + " keys.");
        }
        String computed = root(keys);
        return computed.equals(expected)
                ? Check.ok()
                : Check.fail("The keys' root is " + computed + ", the entry states " + expected
                        + ": the list is not what the purge deleted.");
    }

    /**
     * {@link #checkKeys(Collection, Consent.HistoryEntry)} for a purge as the service answers it, which must also be
     * the entry's purge (its {@code details.purgeId} and event id) and state the entry's root.
     */
    public static Check checkKeys(Purge purge, Consent.HistoryEntry entry) {
        Object purgeId = entry.details() == null ? null : entry.details().get("purgeId");
        if (!purge.purgeId().equals(purgeId)) {
            return Check.fail("The entry is about purge " + purgeId + ", not " + purge.purgeId() + ".");
        }
        if (purge.ledgerEventId() != null && !purge.ledgerEventId().equals(entry.eventId())) {
            return Check.fail("The purge names entry " + purge.ledgerEventId() + ", not " + entry.eventId() + ".");
        }
        String expected = statedRoot(entry);
        if (expected != null && !expected.equals(purge.objectKeysRoot())) {
            return Check.fail("The purge states root " + purge.objectKeysRoot() + ", the entry " + expected + ".");
        }
        return checkKeys(purge.keys(), entry);
    }

    /**
     * Whether {@code proof} shows that the purge of {@code entry} deleted {@code proof.key()}: its audit path leads from
     * the key's leaf to the entry's {@code details.objectKeysRoot} (not only to the root the answer itself states),
     * in a tree of the entry's {@code details.deleted.objects} leaves.
     */
    public static Check verify(KeyProof proof, Consent.HistoryEntry entry) {
        String expected = statedRoot(entry);
        if (expected == null) {
            return Check.fail(missingRoot(entry));
        }
        Long objects = statedObjects(entry);
        if (objects != null && objects != proof.size()) {
            return Check.fail("The proof is for a tree of " + proof.size() + " keys; the entry states " + objects
                    + " deleted objects.");
        }
        return verifyInclusion(proof.key(), proof.index(), proof.size(), proof.proof(), expected)
                ? Check.ok()
                : Check.fail(
                        "The proof does not lead from key " + proof.key() + " to the entry's root " + expected + ".");
    }

    /**
     * RFC 9162 section 2.1.3.2: whether {@code proof} (hex hashes, from the leaf's sibling up) is the audit path of the
     * leaf {@code key} at {@code index} in a tree of {@code size} leaves whose root is {@code root} (hex).
     */
    public static boolean verifyInclusion(String key, long index, long size, List<String> proof, String root) {
        byte[] expected = unhex(root);
        List<byte[]> path = new ArrayList<>();
        for (String hash : proof) {
            byte[] p = unhex(hash);
            if (p == null) {
                return false;
            }
            path.add(p);
        }
        return expected != null && Merkle.verifyInclusion(index, size, leafHash(key), path, expected);
    }

    /**
     * The media ids of {@code knownMediaIds} (from an earlier export, or {@link Media} lists) that no key of
     * {@code keys} names: neither {@code u/{userKey}/original/{mediaId}} nor {@code .../preview/{mediaId}.jpg} nor
     * {@code .../thumb/{mediaId}.jpg}. In the order given, each once. Such a media had no object left for this purge to
     * delete: deleted before it ({@code DELETE /v1/media/{mediaId}}, an earlier purge), or never stored (an upload
     * that did not complete); or the purge missed it.
     */
    public static List<String> missing(Collection<String> keys, Collection<String> knownMediaIds) {
        Set<String> named = new HashSet<>();
        for (String key : keys) {
            String mediaId = mediaId(key);
            if (mediaId != null) {
                named.add(mediaId);
            }
        }
        List<String> missing = new ArrayList<>();
        for (String mediaId : new LinkedHashSet<>(knownMediaIds)) {
            if (!named.contains(mediaId)) {
                missing.add(mediaId);
            }
        }
        return missing;
    }

    /** The media id a media object's key names, or null for another key (a rendered image, staged bytes). */
    static String mediaId(String key) {
        String[] parts = key.split("/", -1);
        if (parts.length != 4 || !parts[0].equals("u") || parts[1].isEmpty()) {
            return null;
        }
        String name = parts[3];
        switch (parts[2]) {
            case "original":
                return name.isEmpty() ? null : name;
            case "preview":
            case "thumb":
                return name.endsWith(".jpg") && name.length() > 4 ? name.substring(0, name.length() - 4) : null;
            default:
                return null;
        }
    }

    private static String statedRoot(Consent.HistoryEntry entry) {
        if (entry == null || !"DATA_PURGED".equals(entry.type()) || entry.details() == null) {
            return null;
        }
        Object root = entry.details().get("objectKeysRoot");
        return root instanceof String ? (String) root : null;
    }

    private static Long statedObjects(Consent.HistoryEntry entry) {
        Object deleted = entry.details().get("deleted");
        if (deleted instanceof Map<?, ?> counts && counts.get("objects") instanceof Number objects) {
            return objects.longValue();
        }
        return null;
    }

    private static String missingRoot(Consent.HistoryEntry entry) {
        if (entry == null || !"DATA_PURGED".equals(entry.type())) {
            return "The entry is not a DATA_PURGED entry.";
        }
        return "The DATA_PURGED entry states no objectKeysRoot (a purge from before deletion proofs).";
    }

    /** RFC 9162 MTH over the leaf hashes [start, end). */
    private static byte[] treeHash(List<byte[]> leafHashes, int start, int end) {
        int n = end - start;
        if (n == 0) {
            return sha256().digest();
        }
        if (n == 1) {
            return leafHashes.get(start);
        }
        int k = Integer.highestOneBit(n - 1);
        return Merkle.nodeHash(treeHash(leafHashes, start, start + k), treeHash(leafHashes, start + k, end));
    }

    private static byte[] leafHash(String key) {
        return Merkle.leafHash(key.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        return Codec.sha256();
    }

    private static String hex(byte[] bytes) {
        return Codec.hex(bytes);
    }

    /** The 32 bytes of a lowercase or uppercase hex SHA-256, or null for anything else. */
    private static byte[] unhex(String hex) {
        return hex == null || hex.length() != 64 ? null : Codec.unhex(hex);
    }
}
