package dev.camroll.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Stream;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.camroll.client.CamrollClient;
import dev.camroll.client.Consent;
import dev.camroll.client.ReceiptVerifier;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camroll verify} against the real service: a clean ledger passes; a history row changed behind the service's
 * back (by the database superuser, who alone can switch the append-only guard off) and a receipt signed by another key
 * fail, named by their seq, with exit code 1.
 */
class CliVerifyTests extends EndToEndTest {

    private static final String CLOUD = "cloud_processing";

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void aCleanLedgerVerifiesOnlineAndFromItsExport() {
        String user = newUser("cli-verify-clean");
        decide(user);

        assertThat(camroll(user, "verify")).isZero();
        assertThat(output()).contains("4 entries", "chain     intact", "4 of 4 signed", "OK");

        Path export = home.resolve("export.json");
        assertThat(camroll(user, "export", "--out", export.toString())).isZero();
        assertThat(camroll(user, "verify", "--export", export.toString())).isZero();
        assertThat(output()).contains("Consent ledger of " + user, "OK");
    }

    @Test
    void theKeysAreFetchedOnceAndKeptUntilAskedToRefreshThem() throws Exception {
        String user = newUser("cli-verify-keys");
        decide(user);
        Path export = home.resolve("export.json");
        assertThat(camroll(user, "export", "--out", export.toString())).isZero();
        assertThat(camroll(user, "verify", "--export", export.toString())).isZero();
        Path keys;
        try (Stream<Path> files = Files.list(home.resolve("state"))) {
            keys = files.filter(file -> file.getFileName().toString().startsWith("jwks-"))
                    .findFirst()
                    .orElseThrow();
        }

        // Kept keys that no longer hold the service's: verification uses them rather than fetching them again.
        Files.writeString(keys, "{\"keys\":[]}");
        assertThat(camroll(user, "verify", "--export", export.toString())).isEqualTo(Camroll.FAILED);
        assertThat(output()).contains("0 of 4 signed", "has no key");

        assertThat(camroll(user, "verify", "--export", export.toString(), "--refresh-keys"))
                .isZero();
        assertThat(output()).contains("4 of 4 signed", "OK");
    }

    @Test
    void aHistoryRowChangedBehindTheServicesBackIsNamedBySeq() throws Exception {
        String user = newUser("cli-verify-tampered");
        decide(user);
        asSuperuser("UPDATE consent_events SET state = 'GIVEN' WHERE seq = 2 AND subject = '" + user + "'");

        int code = camroll(user, "verify");

        assertThat(code).isEqualTo(Camroll.FAILED);
        assertThat(output()).contains("chain     BROKEN", "seq 2 (", "FAILED");
    }

    @Test
    void aHistoryRewrittenWithAConsistentChainPassesTheChainButNotTheTransparencyLog() throws Exception {
        String user = newUser("cli-verify-rewritten");
        decide(user);
        assertThat(camroll(user, "verify")).isZero(); // pins the log's key and keeps its checkpoint
        assertThat(output()).contains("OK");

        // The superuser rewrites the last decision and gives it the hash its new fields have: the chain holds again.
        asSuperuser("UPDATE consent_events SET state = 'WITHDRAWN' WHERE seq = 4 AND subject = '" + user + "'");
        Consent.HistoryEntry last = CamrollClient.builder("http://localhost:" + port)
                .token(token(user))
                .build()
                .consent()
                .history()
                .entries()
                .get(3);
        asSuperuser("UPDATE consent_events SET hash = '" + ReceiptVerifier.entryHash(user, last)
                + "' WHERE seq = 4 AND subject = '" + user + "'");
        jdbc.update("DELETE FROM consent_chain_heads WHERE subject = ?", user);

        int code = camroll(user, "verify");

        assertThat(code).isEqualTo(Camroll.FAILED);
        assertThat(output()).contains("chain     intact", "seq 4 (", "FAILED");
        assertThat(output()).containsIgnoringCase("log");
    }

    @Test
    void aReceiptSignedByAnotherKeyInAnExportIsABadSignature() throws Exception {
        String user = newUser("cli-verify-forged");
        decide(user);
        Path export = home.resolve("export.json");
        assertThat(camroll(user, "export", "--out", export.toString())).isZero();
        JsonObject document = JsonParser.parseString(Files.readString(export)).getAsJsonObject();
        JsonObject receipt = document.getAsJsonObject("consent")
                .getAsJsonArray("history")
                .get(0)
                .getAsJsonObject()
                .getAsJsonObject("receipt");
        receipt.addProperty("jws", signedByAnotherKey(receipt.get("jws").getAsString()));
        Files.writeString(export, document.toString());

        int code = camroll(user, "verify", "--export", export.toString());

        assertThat(code).isEqualTo(Camroll.FAILED);
        assertThat(output()).contains("chain     intact", "3 of 4 signed", "seq 1 (", "does not verify", "FAILED");
    }

    /** Given, withdrawn (its purge recorded after it), given again: four entries. */
    private void decide(String user) {
        CamrollClient client = CamrollClient.builder("http://localhost:" + port)
                .token(token(user))
                .build();
        String notice = currentNotice(CLOUD, "en");
        client.consent().give(CLOUD, notice, "en");
        client.consent().withdraw(CLOUD);
        awaitPurged(user);
        client.consent().give(CLOUD, notice, "en");
    }

    /** The same header and claims, signed with a P-256 key the service never had. */
    private static String signedByAnotherKey(String jws) throws Exception {
        String[] parts = jws.split("\\.");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Signature signer = Signature.getInstance("SHA256withECDSAinP1363Format");
        signer.initSign(generator.generateKeyPair().getPrivate());
        signer.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return parts[0] + "." + parts[1] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    private static void asSuperuser(String sql) throws Exception {
        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement statement = superuser.createStatement()) {
            statement.execute("SET session_replication_role = replica");
            assertThat(statement.executeUpdate(sql)).as(sql).isEqualTo(1);
        }
    }

    private int camroll(String user, String... args) {
        out.reset();
        Map<String, String> env = Map.of(
                "CAMROLL_SERVER", "http://localhost:" + port,
                "CAMROLL_TOKEN", token(user),
                "CAMROLL_CONFIG", home.resolve("config.properties").toString(),
                "CAMROLL_STATE_DIR", home.resolve("state").toString());
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new Camroll(env, stream, stream).execute(args);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }
}
