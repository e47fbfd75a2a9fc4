package dev.camroll.transparency.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.nimbusds.jose.JWSObject;
import dev.camroll.client.CamrollClient;
import dev.camroll.client.Consent;
import dev.camroll.client.ReceiptVerifier;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.LogAudit;
import dev.camroll.testing.TestDatabase;
import dev.camroll.transparency.MerkleTree;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a database superuser, or the operator with the log's key, can no longer do unnoticed: rewrite a user's history
 * with a consistent new chain (the service's own chain check is fooled) is caught by the log, and rewriting the log to
 * match is caught by the consistency check from a checkpoint the user kept.
 */
class LogTamperingTests extends EndToEndTest {

    @Test
    void aHistoryRewrittenWithAConsistentChainIsNotWhatTheLogHoldsAndTheOldReceiptStillProvesTheOriginal()
            throws Exception {
        String user = newUser("rewritten");
        String token = token(user);
        String key = api.get("/v1/consent/log/key").send().body();
        give(token, "cloud_processing");
        JsonNode kept = give(token, "location_analysis").json().path("receipt");
        LogAudit.Proof keptProof = LogAudit.proof(kept.path("proof").asString(), key);

        rewriteLastEntry(user, "UPDATE consent_events SET state = 'WITHDRAWN' WHERE subject = ? AND seq = 2");

        // The service alone is fooled: its chain is consistent again.
        JsonNode history = api.get("/v1/consent/history").token(token).send().json();
        assertThat(history.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(history.path("items").get(1).path("state").asString()).isEqualTo("WITHDRAWN");
        // The log is not: the rewritten entry's receipt proves nothing in it.
        JsonNode now = api.get("/v1/consent/receipts/" + kept.path("eventId").asString())
                .token(token)
                .send()
                .json();
        assertThat(LogAudit.proves(LogAudit.proof(now.path("proof").asString(), key), hash(now)))
                .isFalse();
        // And the receipt kept from before still proves the original entry, in a log that only grew since.
        assertThat(LogAudit.proves(keptProof, hash(kept))).isTrue();
        LogAudit.Checkpoint newest =
                LogAudit.checkpoint(api.get("/v1/consent/log/checkpoint").send().body(), key);
        assertThat(consistent(keptProof.checkpoint(), newest)).isTrue();
    }

    @Test
    void aLogRewrittenToMatchAndSignedAgainIsNotConsistentWithTheCheckpointTheUserKept() throws Exception {
        String user = newUser("rewritten-log");
        String token = token(user);
        String key = api.get("/v1/consent/log/key").send().body();
        give(token, "cloud_processing");
        JsonNode kept = give(token, "location_analysis").json().path("receipt");
        LogAudit.Proof keptProof = LogAudit.proof(kept.path("proof").asString(), key);

        String newHash =
                rewriteLastEntry(user, "UPDATE consent_events SET state = 'WITHDRAWN' WHERE subject = ? AND seq = 2");
        LogTables.Checkpoint forged = rebuildTheLog(keptProof, newHash);

        // Everything the service serves now agrees with the rewritten history, signed with the log's own key...
        JsonNode now = api.get("/v1/consent/receipts/" + kept.path("eventId").asString())
                .token(token)
                .send()
                .json();
        LogAudit.Proof nowProof = LogAudit.proof(now.path("proof").asString(), key);
        assertThat(LogAudit.proves(nowProof, hash(now))).isTrue();
        LogAudit.Checkpoint newest =
                LogAudit.checkpoint(api.get("/v1/consent/log/checkpoint").send().body(), key);
        assertThat(newest.root()).isEqualTo(forged.root());
        // ...but not with the checkpoint the user kept: a fork when the sizes are equal, no consistency proof
        // otherwise.
        if (newest.size() == keptProof.checkpoint().size()) {
            assertThat(newest.root()).isNotEqualTo(keptProof.checkpoint().root());
        }
        assertThat(consistent(keptProof.checkpoint(), newest)).isFalse();
    }

    /**
     * As a superuser: changes the user's last entry with {@code change} and gives it the hash its new fields have, so
     * the chain is consistent again; answers the new hash.
     */
    private String rewriteLastEntry(String user, String change) throws Exception {
        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement statement = superuser.createStatement();
                PreparedStatement update = superuser.prepareStatement(change)) {
            statement.execute("SET session_replication_role = replica");
            update.setString(1, user);
            assertThat(update.executeUpdate()).isEqualTo(1);
            List<Consent.HistoryEntry> entries = CamrollClient.builder("http://localhost:" + port)
                    .token(token(user))
                    .build()
                    .consent()
                    .history()
                    .entries();
            Consent.HistoryEntry last = entries.get(entries.size() - 1);
            String hash = ReceiptVerifier.entryHash(user, last);
            try (PreparedStatement rehash =
                    superuser.prepareStatement("UPDATE consent_events SET hash = ? WHERE subject = ? AND seq = ?")) {
                rehash.setString(1, hash);
                rehash.setString(2, user);
                rehash.setLong(3, last.seq());
                assertThat(rehash.executeUpdate()).isEqualTo(1);
            }
            statement.execute("DELETE FROM consent_chain_heads WHERE subject = '" + user + "'");
            return hash;
        }
    }

    /**
     * As a superuser holding the log's key: replaces the leaf of the rewritten entry, recomputes the whole tree, and
     * replaces every checkpoint by one of the same size as the newest, signed with the log's key.
     */
    private LogTables.Checkpoint rebuildTheLog(LogAudit.Proof kept, String newHash) throws Exception {
        LogKey key = LogKey.parse(TestDatabase.LOG_KEY, "the test's log key");
        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement statement = superuser.createStatement()) {
            superuser.setAutoCommit(false);
            statement.execute("SET session_replication_role = replica");
            statement.execute("SELECT size FROM transparency_log WHERE id = 1 FOR UPDATE"); // the sequencer waits
            try (PreparedStatement leaf =
                    superuser.prepareStatement("UPDATE transparency_leaves SET entry = ? WHERE idx = ?")) {
                leaf.setBytes(1, LogAudit.entry(kept.salt(), newHash));
                leaf.setLong(2, kept.index());
                assertThat(leaf.executeUpdate()).isEqualTo(1);
            }
            List<byte[]> entries = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT entry FROM transparency_leaves ORDER BY idx")) {
                while (rows.next()) {
                    entries.add(rows.getBytes(1));
                }
            }
            statement.execute("DELETE FROM transparency_hashes");
            statement.execute("DELETE FROM transparency_checkpoints");
            MerkleTree.Frontier tree = new MerkleTree.Frontier();
            try (PreparedStatement node =
                    superuser.prepareStatement("INSERT INTO transparency_hashes (level, idx, hash) VALUES (?, ?, ?)")) {
                for (byte[] entry : entries) {
                    tree.append(MerkleTree.leafHash(entry), (level, index, hash) -> {
                        try {
                            node.setShort(1, (short) level);
                            node.setLong(2, index);
                            node.setBytes(3, hash);
                            node.addBatch();
                        } catch (java.sql.SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
                node.executeBatch();
            }
            byte[] root = tree.root();
            String note = key.sign(
                    key.name() + "\n" + tree.size() + "\n" + Base64.getEncoder().encodeToString(root) + "\n");
            try (PreparedStatement log =
                            superuser.prepareStatement("UPDATE transparency_log SET root = ? WHERE id = 1");
                    PreparedStatement checkpoint = superuser.prepareStatement(
                            "INSERT INTO transparency_checkpoints (size, root, note, signed_at) VALUES (?, ?, ?, now())")) {
                log.setBytes(1, root);
                log.executeUpdate();
                checkpoint.setLong(1, tree.size());
                checkpoint.setBytes(2, root);
                checkpoint.setString(3, note);
                checkpoint.executeUpdate();
            }
            superuser.commit();
            return new LogTables.Checkpoint(tree.size(), root, note, java.time.Instant.now());
        }
    }

    /** Whether the log offers a consistency proof from {@code kept} to {@code newest} that verifies. */
    private boolean consistent(LogAudit.Checkpoint kept, LogAudit.Checkpoint newest) {
        if (kept.size() == newest.size()) {
            return java.util.Arrays.equals(kept.root(), newest.root());
        }
        JsonNode answer = api.get("/v1/consent/log/consistency?from=" + kept.size() + "&to=" + newest.size())
                .send()
                .json();
        List<byte[]> path = new ArrayList<>();
        answer.path("proof").forEach(hash -> path.add(Base64.getDecoder().decode(hash.asString())));
        return LogAudit.verifyConsistency(kept.size(), newest.size(), kept.root(), newest.root(), path);
    }

    private static String hash(JsonNode receipt) throws Exception {
        return (String) JWSObject.parse(receipt.path("jws").asString())
                .getPayload()
                .toJSONObject()
                .get("hash");
    }
}
