package dev.camroll.transparency;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSObject;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.LogAudit;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The transparency log as a user and an auditor meet it: over HTTP, checked with {@link LogAudit} only. */
class TransparencyLogTests extends EndToEndTest {

    @Test
    void everyDecisionsReceiptCarriesAnInclusionProofUnderACheckpointTheLogSigned() throws Exception {
        String token = token(newUser("prover"));
        String key = publicText("/v1/consent/log/key");

        JsonNode given = give(token, "cloud_processing").json();
        JsonNode withdrawn = withdraw(token, "cloud_processing").json();

        for (JsonNode decision : List.of(given, withdrawn)) {
            JsonNode receipt = decision.path("receipt");
            LogAudit.Proof proof = LogAudit.proof(receipt.path("proof").asString(), key);
            assertThat(LogAudit.proves(proof, hash(receipt))).isTrue();
            assertThat(proof.checkpoint().origin()).isEqualTo("localhost/v1/consent/log");
            assertThat(key).startsWith(proof.checkpoint().origin() + "+");
        }
        // The same receipt asked for later proves the entry against the newest checkpoint.
        JsonNode again = api.get("/v1/consent/receipts/" + given.path("eventId").asString())
                .token(token)
                .send()
                .json();
        assertThat(LogAudit.proves(LogAudit.proof(again.path("proof").asString(), key), hash(again)))
                .isTrue();
    }

    @Test
    void aProofDoesNotProveAnotherEntryNorTheSameEntryUnderAnotherSalt() throws Exception {
        String token = token(newUser("prover"));
        String key = publicText("/v1/consent/log/key");
        JsonNode receipt = give(token, "cloud_processing").json().path("receipt");
        LogAudit.Proof proof = LogAudit.proof(receipt.path("proof").asString(), key);

        String other = give(token(newUser("other")), "cloud_processing")
                .json()
                .path("receipt")
                .path("jws")
                .asString();
        assertThat(LogAudit.proves(proof, hashOfJws(other))).isFalse();
        byte[] salt = proof.salt().clone();
        salt[0] ^= 1;
        assertThat(LogAudit.proves(
                        new LogAudit.Proof(salt, proof.index(), proof.path(), proof.checkpoint()), hash(receipt)))
                .isFalse();
    }

    @Test
    void theEntryBundlesAndTilesAreTheTreeOfTheNewestCheckpoint() {
        give(token(newUser("tiled")), "cloud_processing");
        LogAudit.Checkpoint checkpoint =
                LogAudit.checkpoint(publicText("/v1/consent/log/checkpoint"), publicText("/v1/consent/log/key"));

        List<byte[]> leafHashes = new ArrayList<>();
        long size = checkpoint.size();
        for (long tile = 0; tile * 256 < size; tile++) {
            long width = Math.min(256, size - tile * 256);
            String suffix = path(tile) + (width == 256 ? "" : ".p/" + width);
            byte[] bundle = publicBytes("/v1/consent/log/tile/entries/" + suffix);
            byte[] hashes = publicBytes("/v1/consent/log/tile/0/" + suffix);
            assertThat(hashes).hasSize((int) width * 32);
            int at = 0;
            for (int i = 0; i < width; i++) {
                int length = ((bundle[at] & 0xff) << 8) | (bundle[at + 1] & 0xff);
                byte[] entry = Arrays.copyOfRange(bundle, at + 2, at + 2 + length);
                at += 2 + length;
                byte[] leaf = LogAudit.leafHash(entry);
                assertThat(Arrays.copyOfRange(hashes, i * 32, i * 32 + 32)).isEqualTo(leaf);
                leafHashes.add(leaf);
            }
            assertThat(at).isEqualTo(bundle.length);
        }
        assertThat(LogAudit.mth(leafHashes)).isEqualTo(checkpoint.root());
        // Nothing beyond the checkpoint, and no second spelling of a tile.
        assertThat(api.get("/v1/consent/log/tile/0/" + path(size / 256 + 1))
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/v1/consent/log/tile/0/x000/000.p/1").send().status())
                .isEqualTo(404);
    }

    @Test
    void aReceiptKeptFromBeforeStaysProvenInEveryLaterCheckpoint() throws Exception {
        String key = publicText("/v1/consent/log/key");
        JsonNode kept =
                give(token(newUser("keeper")), "cloud_processing").json().path("receipt");
        LogAudit.Proof proof = LogAudit.proof(kept.path("proof").asString(), key);
        for (int i = 0; i < 3; i++) {
            give(token(newUser("later")), "cloud_processing");
        }

        LogAudit.Checkpoint newest = LogAudit.checkpoint(publicText("/v1/consent/log/checkpoint"), key);
        assertThat(newest.size()).isGreaterThan(proof.checkpoint().size());
        JsonNode consistency = api.get(
                        "/v1/consent/log/consistency?from=" + proof.checkpoint().size() + "&to=" + newest.size())
                .send()
                .json();
        assertThat(LogAudit.verifyConsistency(
                        proof.checkpoint().size(),
                        newest.size(),
                        proof.checkpoint().root(),
                        newest.root(),
                        hashes(consistency.path("proof"))))
                .isTrue();
        assertThat(LogAudit.verifyConsistency(
                        proof.checkpoint().size(),
                        newest.size(),
                        newest.root(),
                        newest.root(),
                        hashes(consistency.path("proof"))))
                .isFalse();
        assertThat(api.get("/v1/consent/log/consistency?from=" + (newest.size() + 5))
                        .send()
                        .problem())
                .isEqualTo("invalid-request");
    }

    @Test
    void anErasedAccountsLeavesStayButNothingLinksThemToTheUserAnyMore() throws Exception {
        String subject = newUser("erased");
        String token = token(subject);
        String key = publicText("/v1/consent/log/key");
        JsonNode kept = give(token, "cloud_processing").json().path("receipt");
        LogAudit.Proof proof = LogAudit.proof(kept.path("proof").asString(), key);

        assertThat(api.request("DELETE", "/v1/me").token(token).send().status()).isEqualTo(202);
        awaitPurged(subject);
        org.awaitility.Awaitility.await("the salt of " + subject + " is destroyed")
                .atMost(java.time.Duration.ofSeconds(30))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM transparency_salts WHERE subject = ? AND salt IS NOT NULL",
                                Integer.class,
                                subject)
                        == 0);

        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM transparency_positions WHERE subject = ?", Integer.class, subject))
                .isZero();
        // Every entry of the ledger, the purge's included, is in the log, and the leaf a receipt proves is still there.
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM transparency_pending WHERE subject = ?", Integer.class, subject))
                .isZero();
        byte[] leaf =
                jdbc.queryForObject("SELECT entry FROM transparency_leaves WHERE idx = ?", byte[].class, proof.index());
        assertThat(leaf).isEqualTo(LogAudit.entry(proof.salt(), hash(kept)));
        LogAudit.Checkpoint newest = LogAudit.checkpoint(publicText("/v1/consent/log/checkpoint"), key);
        JsonNode consistency = api.get(
                        "/v1/consent/log/consistency?from=" + proof.checkpoint().size() + "&to=" + newest.size())
                .send()
                .json();
        assertThat(LogAudit.verifyConsistency(
                        proof.checkpoint().size(),
                        newest.size(),
                        proof.checkpoint().root(),
                        newest.root(),
                        hashes(consistency.path("proof"))))
                .isTrue();
        assertThat(api.get("/v1/consent/receipts/" + kept.path("eventId").asString())
                        .token(token)
                        .send()
                        .json()
                        .has("proof"))
                .isFalse();
    }

    @Test
    void theTreeAndItsCheckpointsAreAppendOnlyForTheServiceAndTheSchemaOwner() throws Exception {
        give(token(newUser("writer")), "cloud_processing");
        List<String> attacks = List.of(
                "UPDATE transparency_leaves SET entry = entry WHERE idx = 0",
                "DELETE FROM transparency_hashes WHERE level = 0 AND idx = 0",
                "UPDATE transparency_checkpoints SET note = note",
                "TRUNCATE transparency_leaves");
        for (String attack : attacks) {
            assertThatThrownBy(() -> jdbc.execute(attack))
                    .as(attack)
                    .isInstanceOf(DataAccessException.class)
                    .satisfiesAnyOf(
                            e -> assertThat(e).hasStackTraceContaining("ERROR: permission denied for table"),
                            e -> assertThat(e).hasStackTraceContaining("ERROR: must be owner of"));
        }
        try (Connection owner = TestDatabase.get().owner().getConnection();
                Statement statement = owner.createStatement()) {
            for (String attack : attacks) {
                assertThatThrownBy(() -> statement.execute(attack))
                        .as(attack)
                        .hasMessageContaining("is not allowed: the table is append-only");
            }
        }
    }

    private String publicText(String path) {
        Api.Response response = api.get(path).send();
        assertThat(response.status()).as(path).isEqualTo(200);
        return response.body();
    }

    private byte[] publicBytes(String path) {
        return api.get(path).sendForBytes();
    }

    private static String path(long index) {
        String digits = String.valueOf(index);
        StringBuilder path = new StringBuilder();
        List<String> groups = new ArrayList<>();
        while (digits.length() > 3) {
            groups.add(0, digits.substring(digits.length() - 3));
            digits = digits.substring(0, digits.length() - 3);
        }
        groups.add(0, "0".repeat(3 - digits.length()) + digits);
        for (int i = 0; i < groups.size(); i++) {
            path.append(i < groups.size() - 1 ? "x" : "")
                    .append(groups.get(i))
                    .append(i < groups.size() - 1 ? "/" : "");
        }
        return path.toString();
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        array.forEach(hash -> hashes.add(Base64.getDecoder().decode(hash.asString())));
        return hashes;
    }

    private static String hash(JsonNode receipt) throws Exception {
        return hashOfJws(receipt.path("jws").asString());
    }

    private static String hashOfJws(String jws) throws Exception {
        return (String) JWSObject.parse(jws).getPayload().toJSONObject().get("hash");
    }
}
