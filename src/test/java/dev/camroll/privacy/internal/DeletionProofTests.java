package dev.camroll.privacy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import dev.camroll.client.CamrollClient;
import dev.camroll.client.Consent;
import dev.camroll.client.DeletionProof;
import dev.camroll.media.MediaSamples;
import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Deletion proofs end to end, on the filesystem store: a withdrawal with media stored, then the DATA_PURGED entry's
 * objectKeysRoot against an independent Merkle tree hash of what was in the store, the purge's key list, the media it
 * covers, an inclusion proof checked with the client library, and another user who sees none of it.
 */
class DeletionProofTests extends EndToEndTest {

    private static final HexFormat HEX = HexFormat.of();

    @Autowired
    ObjectStore store;

    @Test
    void aWithdrawalsPurgeListsAndProvesEveryKeyItDeletedToItsUserOnly() throws Exception {
        String subject = newUser("proving");
        String token = token(subject);
        TusUploads user = new TusUploads(api, token).ready(currentNotice("cloud_processing", "en"));
        List<TusUploads.Announced> uploads = user.uploadBatch(photos(3));
        List<String> mediaIds =
                uploads.stream().map(TusUploads.Announced::mediaId).toList();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject(
                                        "SELECT count(*) FROM media WHERE subject = ? AND state = 'processed'",
                                        Integer.class,
                                        subject)
                                == 3
                        && jdbc.queryForObject(
                                        "SELECT count(*) FROM jobs WHERE subject = ? AND state IN ('queued', 'running')",
                                        Integer.class,
                                        subject)
                                == 0);
        String userKey =
                jdbc.queryForObject("SELECT user_key FROM user_accounts WHERE subject = ?", String.class, subject);
        List<String> stored = sorted(store.list("u/" + userKey + "/"));
        assertThat(stored).as("previews and thumbnails of the three photos").hasSizeGreaterThanOrEqualTo(6);

        assertThat(withdraw(token, "cloud_processing").status()).isEqualTo(200);
        awaitPurged(subject);

        CamrollClient camroll =
                CamrollClient.builder("http://localhost:" + port).token(token).build();
        Consent.HistoryEntry entry = camroll.consent().history().entries().stream()
                .filter(e -> e.type().equals("DATA_PURGED"))
                .findFirst()
                .orElseThrow();
        String purgeId = (String) entry.details().get("purgeId");
        assertThat(entry.details().get("objectKeysRoot"))
                .as("the entry's root, against an independent RFC 9162 hash of what the store held")
                .isEqualTo(naiveRoot(stored));
        assertThat(entry.details().get("objectKeysSha256"))
                .as("the digest stays, for compatibility")
                .isEqualTo(UserPurge.digest(stored));

        Api.Response answer = api.get("/v1/me/purges/" + purgeId).token(token).send();
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode purge = answer.json();
        List<String> listed = new ArrayList<>();
        purge.path("keys").forEach(key -> listed.add(key.asString()));
        assertThat(listed).as("exactly the deleted keys, sorted").isEqualTo(stored);
        assertThat(purge.path("objectKeysRoot").asString()).isEqualTo(naiveRoot(stored));
        assertThat(purge.path("objects").asLong()).isEqualTo(stored.size());
        assertThat(purge.path("ledgerEventId").asString()).isEqualTo(entry.eventId());
        assertThat(purge.path("scope").asString()).isEqualTo("withdrawal");
        assertThat(purge.path("finishedAt").isNull()).isFalse();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM purge_keys WHERE purge_id = ?::uuid", Integer.class, purgeId))
                .as("the keys are kept after the purge finished")
                .isEqualTo(stored.size());
        for (String attack : List.of(
                "DELETE FROM purge_keys WHERE purge_id = '" + purgeId + "'",
                "UPDATE purge_keys SET object_key = 'u/else' WHERE purge_id = '" + purgeId + "'")) {
            assertThatThrownBy(() -> jdbc.execute(attack))
                    .as("the service's role adds evidence, never changes or removes it: " + attack)
                    .isInstanceOf(DataAccessException.class)
                    .hasStackTraceContaining("permission denied for table purge_keys");
        }

        DeletionProof.Purge fetched = camroll.account().purge(purgeId);
        assertThat(DeletionProof.checkKeys(fetched, entry).valid()).isTrue();
        assertThat(DeletionProof.missing(fetched.keys(), mediaIds))
                .as("every photo the user knew has a deleted key")
                .isEmpty();
        String never = UUID.randomUUID().toString();
        assertThat(DeletionProof.missing(fetched.keys(), List.of(mediaIds.get(0), never)))
                .containsExactly(never);

        String key = stored.get(stored.size() / 2);
        Api.Response proved = api.get("/v1/me/purges/" + purgeId + "/keys/proof?key=" + key)
                .token(token)
                .send();
        assertThat(proved.status()).as(proved.body()).isEqualTo(200);
        DeletionProof.KeyProof proof = DeletionProof.KeyProof.parse(proved.body());
        assertThat(proof.key()).isEqualTo(key);
        assertThat(proof.index()).isEqualTo(stored.size() / 2);
        assertThat(proof.size()).isEqualTo(stored.size());
        assertThat(DeletionProof.verify(proof, entry).valid()).isTrue();
        assertThat(DeletionProof.verifyInclusion(
                        stored.get(0), proof.index(), proof.size(), proof.proof(), proof.objectKeysRoot()))
                .as("the path proves its own key only")
                .isFalse();

        Api.Response notDeleted = api.get(
                        "/v1/me/purges/" + purgeId + "/keys/proof?key=u/" + userKey + "/original/" + never)
                .token(token)
                .send();
        assertThat(notDeleted.status()).isEqualTo(404);
        assertThat(notDeleted.problem()).isEqualTo("not-found");

        String stranger = token(newUser("stranger"));
        Api.Response others =
                api.get("/v1/me/purges/" + purgeId).token(stranger).send();
        assertThat(others.status()).isEqualTo(404);
        assertThat(others.problem()).isEqualTo("not-found");
        assertThat(others.body()).doesNotContain(userKey);
        Api.Response othersProof = api.get("/v1/me/purges/" + purgeId + "/keys/proof?key=" + key)
                .token(stranger)
                .send();
        assertThat(othersProof.status()).isEqualTo(404);
        assertThat(othersProof.problem()).isEqualTo("not-found");
        assertThat(api.get("/v1/me/purges/not-a-purge").token(token).send().status())
                .isEqualTo(404);

        JsonNode exported = api.get("/v1/me/export").token(token).send().json();
        JsonNode record = exported.path("purges").get(0);
        assertThat(record.path("objectKeysRoot").asString()).isEqualTo(naiveRoot(stored));
        assertThat(record.path("objects").asLong()).isEqualTo(stored.size());
        assertThat(record.has("keys"))
                .as("the export names the root, not the keys")
                .isFalse();
    }

    private static List<byte[]> photos(int count) {
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            photos.add(MediaSamples.jpeg(MediaSamples.photo(320, 240, 7_100 + i)));
        }
        return photos;
    }

    private static List<String> sorted(List<String> keys) {
        List<String> sorted = new ArrayList<>(keys);
        sorted.sort(null);
        return sorted;
    }

    /** RFC 9162 section 2.1.1, written out as the RFC states it, without the service's MerkleTree. */
    static String naiveRoot(List<String> sortedKeys) throws Exception {
        List<byte[]> data = new ArrayList<>();
        for (String key : sortedKeys) {
            data.add(key.getBytes(StandardCharsets.UTF_8));
        }
        return HEX.formatHex(mth(data));
    }

    private static byte[] mth(List<byte[]> d) throws Exception {
        int n = d.size();
        if (n == 0) {
            return MessageDigest.getInstance("SHA-256").digest();
        }
        if (n == 1) {
            return hash(new byte[] {0}, d.get(0));
        }
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return hash(new byte[] {1}, mth(d.subList(0, k)), mth(d.subList(k, n)));
    }

    private static byte[] hash(byte[]... parts) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        for (byte[] part : parts) {
            sha256.update(part);
        }
        return sha256.digest();
    }
}
