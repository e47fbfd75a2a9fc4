package dev.camroll.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offline checks of a purge's deletion proof, against the values of the API document's example (its root and
 * proof computed independently of this code, with Python's hashlib as RFC 9162 states it).
 */
class DeletionProofTests {

    private static final String USER = "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/";

    private static final List<String> MEDIA = List.of(
            "0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04",
            "0193e5b0-1a4d-7e5f-a061-7c8d9e0f1a06",
            "0193e5b0-1a5e-7f60-b172-8d9e0f1a2b0d",
            "0193e5b0-1a6f-7071-8283-9e0f1a2b3c0e",
            "0193e5b0-1a70-7182-9394-0f1a2b3c4d0f",
            "0193e5b0-1a81-7293-a4a5-1a2b3c4d5e10");

    private static final String ROOT = "fc3cc16b61b6acc705cbc7a74812e60072f7024643a232bcb2b5c0857df3c435";

    /** The audit path of the first key (leaf 0 of 13). */
    private static final List<String> PROOF_OF_FIRST = List.of(
            "f098b888f5c340d6946fb10214830a88079dd8e8a19744c02c91f54e50ccf400",
            "3c4183b6cecd43c35376c39199798990e65c310a0c5990bf28e644277ad04645",
            "6373c0268cd2c73751dbeee79a663d401980371c4fd8d61fafe24df4cbbe5060",
            "2c3a9bc1867db558d873b923a3cc1a97badc2b5b7296bf038b3b92dc482b5f9c");

    /** Six photos' previews and thumbnails and a collage's image, sorted. */
    private static List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (String id : MEDIA) {
            keys.add(USER + "preview/" + id + ".jpg");
            keys.add(USER + "thumb/" + id + ".jpg");
        }
        keys.add(USER + "render/0193e5c4-2b3c-7d4e-8f5a-6b7c8d9e0f08.jpg");
        Collections.sort(keys);
        return keys;
    }

    @Test
    void theRootIsRfc9162sTreeHashOverTheSortedKeysInWhateverOrderTheyAreGiven() {
        List<String> shuffled = new ArrayList<>(keys());
        Collections.reverse(shuffled);

        assertThat(DeletionProof.root(keys())).isEqualTo(ROOT);
        assertThat(DeletionProof.root(shuffled)).isEqualTo(ROOT);
        assertThat(DeletionProof.root(List.of()))
                .as("the empty tree: SHA-256 of nothing")
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(DeletionProof.root(List.of("")))
                .as("one empty leaf: SHA-256 of 0x00")
                .isEqualTo("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d");
    }

    @Test
    void theKeysOfThePurgeMatchItsEntryAndATamperedListDoesNot() {
        Consent.HistoryEntry entry = purged(ROOT, 13);

        assertThat(DeletionProof.checkKeys(keys(), entry).valid()).isTrue();

        List<String> oneChanged = new ArrayList<>(keys());
        oneChanged.set(3, oneChanged.get(3).replace("preview", "thumb"));
        List<String> oneDropped = new ArrayList<>(keys());
        oneDropped.remove(USER + "preview/" + MEDIA.get(2) + ".jpg");
        List<String> oneAdded = new ArrayList<>(keys());
        oneAdded.add(USER + "original/" + MEDIA.get(0));
        List<String> oneTwice = new ArrayList<>(keys());
        oneTwice.set(1, oneTwice.get(0));
        for (List<String> tampered : List.of(oneChanged, oneDropped, oneAdded, oneTwice)) {
            DeletionProof.Check check = DeletionProof.checkKeys(tampered, entry);
            assertThat(check.valid()).as(tampered.toString()).isFalse();
            assertThat(check.problem()).isNotBlank();
        }
        assertThat(DeletionProof.checkKeys(oneDropped, purged(ROOT, 12)).problem())
                .as("a dropped key, even with the count to match")
                .contains("root");
        assertThat(DeletionProof.checkKeys(keys(), purged(null, 13)).problem()).contains("no objectKeysRoot");
    }

    @Test
    void aPurgeAsTheServiceAnswersItMustBeTheEntrysPurgeAndStateItsRoot() {
        Consent.HistoryEntry entry = purged(ROOT, 13);
        DeletionProof.Purge purge = DeletionProof.Purge.parse("{\"purgeId\":\"0193e5e2-4d5e-7f6a-8b7c-8d9e0f1a2b0a\","
                + "\"scope\":\"account\",\"requestedAt\":\"2025-06-21T08:05:00.411Z\","
                + "\"finishedAt\":\"2025-06-21T08:05:01.904Z\",\"ledgerEventId\":\"0193e5e2-5a10-7b3c-9d4e-0f1a2b3c4d0b\","
                + "\"objectKeysRoot\":\"" + ROOT + "\",\"objects\":13,\"keys\":" + json(keys()) + "}");
        DeletionProof.Purge another = new DeletionProof.Purge(
                "0193e5e2-0000-7000-8000-000000000000",
                purge.scope(),
                purge.requestedAt(),
                purge.finishedAt(),
                purge.ledgerEventId(),
                ROOT,
                13L,
                keys());

        assertThat(purge.keys()).isEqualTo(keys());
        assertThat(DeletionProof.checkKeys(purge, entry).valid()).isTrue();
        assertThat(DeletionProof.checkKeys(another, entry).valid()).isFalse();
    }

    @Test
    void anInclusionProofLeadsFromItsKeyToTheEntrysRootAndNowhereElse() {
        Consent.HistoryEntry entry = purged(ROOT, 13);
        String first = keys().get(0);
        DeletionProof.KeyProof proof = new DeletionProof.KeyProof(first, 0, 13, ROOT, PROOF_OF_FIRST);

        assertThat(DeletionProof.verify(proof, entry).valid()).isTrue();
        assertThat(DeletionProof.verifyInclusion(keys().get(1), 0, 13, PROOF_OF_FIRST, ROOT))
                .as("another key")
                .isFalse();
        assertThat(DeletionProof.verifyInclusion(first, 1, 13, PROOF_OF_FIRST, ROOT))
                .as("another index")
                .isFalse();
        assertThat(DeletionProof.verifyInclusion(first, 0, 8, PROOF_OF_FIRST, ROOT))
                .as("a size whose tree has a shorter path")
                .isFalse();
        // A path alone fits a range of sizes (leaf 0's four hashes fit any tree of 9 to 16 leaves): the size that
        // counts is the entry's.
        assertThat(DeletionProof.verifyInclusion(first, 0, 14, PROOF_OF_FIRST, ROOT))
                .isTrue();
        assertThat(DeletionProof.verify(new DeletionProof.KeyProof(first, 0, 14, ROOT, PROOF_OF_FIRST), entry)
                        .problem())
                .contains("14 keys", "13 deleted objects");
        assertThat(DeletionProof.verifyInclusion(first, 0, 13, PROOF_OF_FIRST.subList(0, 3), ROOT))
                .as("a path cut short")
                .isFalse();
        List<String> flipped = new ArrayList<>(PROOF_OF_FIRST);
        flipped.set(2, flipped.get(2).replace('6', '7'));
        assertThat(DeletionProof.verifyInclusion(first, 0, 13, flipped, ROOT))
                .as("a hash changed")
                .isFalse();
        assertThat(DeletionProof.verify(
                                new DeletionProof.KeyProof(first, 0, 13, ROOT, PROOF_OF_FIRST),
                                purged(DeletionProof.root(keys().subList(1, 13)), 13))
                        .valid())
                .as("against another entry's root, whatever root the answer states")
                .isFalse();
    }

    @Test
    void everyLeafOfTreesOfEverySizeUpToSeventeenProvesItsKeyOnly() {
        for (int size = 1; size <= 17; size++) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                keys.add(USER + "original/" + String.format("%02d", i));
            }
            String root = DeletionProof.root(keys);
            for (int index = 0; index < size; index++) {
                List<String> path = Paths.of(keys, index);
                assertThat(DeletionProof.verifyInclusion(keys.get(index), index, size, path, root))
                        .as("leaf %d of %d", index, size)
                        .isTrue();
                if (size > 1) {
                    assertThat(DeletionProof.verifyInclusion(keys.get((index + 1) % size), index, size, path, root))
                            .as("leaf %d of %d with another key", index, size)
                            .isFalse();
                    assertThat(DeletionProof.verifyInclusion(keys.get(index), (index + 1) % size, size, path, root))
                            .as("leaf %d of %d at another index", index, size)
                            .isFalse();
                }
            }
        }
    }

    @Test
    void theMediaNoDeletedKeyNamesAreMissingWhateverKindsOfObjectTheKeysAre() {
        List<String> keys = new ArrayList<>(keys());
        keys.add(USER + "original/0193e5b0-aaaa-7000-8000-000000000001");
        keys.add("staging/0193e5b0-bbbb-7000-8000-000000000002");
        keys.add(USER + "preview/0193e5b0-cccc-7000-8000-000000000003.png");

        assertThat(DeletionProof.missing(keys, MEDIA)).isEmpty();
        assertThat(DeletionProof.missing(
                        keys,
                        List.of(
                                MEDIA.get(0),
                                "0193e5b0-aaaa-7000-8000-000000000001",
                                "0193e5b0-bbbb-7000-8000-000000000002",
                                "0193e5b0-cccc-7000-8000-000000000003",
                                "0193e5c4-2b3c-7d4e-8f5a-6b7c8d9e0f08",
                                "0193e5c4-2b3c-7d4e-8f5a-6b7c8d9e0f08")))
                .as("staged bytes, a rendered image and a key of another shape name no media; each id once")
                .containsExactly(
                        "0193e5b0-bbbb-7000-8000-000000000002",
                        "0193e5b0-cccc-7000-8000-000000000003",
                        "0193e5c4-2b3c-7d4e-8f5a-6b7c8d9e0f08");
    }

    /** A DATA_PURGED entry as the history shows it, with {@code root} (or none) and the count of objects. */
    private static Consent.HistoryEntry purged(String root, long objects) {
        Map<String, Object> details = new java.util.TreeMap<>();
        details.put("purgeId", "0193e5e2-4d5e-7f6a-8b7c-8d9e0f1a2b0a");
        details.put("scope", "account");
        details.put("deleted", Map.of("objects", objects, "media", 6L));
        details.put("objectKeysSha256", "4c2aa429214abc7e791b760f50f7a30aebb4b12e1c14530443ca051d3615e881");
        if (root != null) {
            details.put("objectKeysRoot", root);
        }
        // Read as the history answers it, so fields the entry gains later do not matter here.
        Map<String, Object> entry = new java.util.TreeMap<>();
        entry.put("eventId", "0193e5e2-5a10-7b3c-9d4e-0f1a2b3c4d0b");
        entry.put("seq", 3);
        entry.put("type", "DATA_PURGED");
        entry.put("purpose", "cloud_processing");
        entry.put("details", details);
        entry.put("actor", Map.of("kind", "SYSTEM"));
        entry.put("occurredAt", "2025-06-21T08:05:01.904Z");
        entry.put("prevHash", "0".repeat(64));
        entry.put("hash", "1".repeat(64));
        return Json.GSON.fromJson(Json.GSON.toJson(entry), Consent.HistoryEntry.class);
    }

    private static String json(List<String> values) {
        return Json.GSON.toJson(values);
    }

    /** Audit paths computed the RFC's recursive way (section 2.1.3.1), apart from the code under test. */
    private static final class Paths {

        static List<String> of(List<String> keys, int index) {
            List<byte[]> data = new ArrayList<>();
            for (String key : keys) {
                data.add(key.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
            List<String> path = new ArrayList<>();
            for (byte[] hash : path(index, data)) {
                path.add(CanonicalJson.hex(hash));
            }
            return path;
        }

        private static List<byte[]> path(int m, List<byte[]> d) {
            int n = d.size();
            if (n == 1) {
                return new ArrayList<>();
            }
            int k = 1;
            while (k * 2 < n) {
                k *= 2;
            }
            List<byte[]> path;
            if (m < k) {
                path = path(m, d.subList(0, k));
                path.add(mth(d.subList(k, n)));
            } else {
                path = path(m - k, d.subList(k, n));
                path.add(mth(d.subList(0, k)));
            }
            return path;
        }

        private static byte[] mth(List<byte[]> d) {
            if (d.size() == 1) {
                return hash(new byte[] {0}, d.get(0));
            }
            int k = 1;
            while (k * 2 < d.size()) {
                k *= 2;
            }
            return hash(new byte[] {1}, mth(d.subList(0, k)), mth(d.subList(k, d.size())));
        }

        private static byte[] hash(byte[]... parts) {
            try {
                java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
                for (byte[] part : parts) {
                    sha256.update(part);
                }
                return sha256.digest();
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
