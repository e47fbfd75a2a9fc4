package dev.camroll.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.camroll.client.Consent.Receipt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camroll verify} online, against a stand-in that answers the calls it makes from a {@link LedgerFixture}: the
 * log's key pinned on first use, the newest checkpoint kept, and the next run's log checked against it. (The service's
 * suite runs the command against the real service.)
 */
class VerifyOnlineTests {

    @TempDir
    Path home;

    final LedgerFixture fixture = new LedgerFixture();

    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    final List<String> consistencyAsked = new ArrayList<>();

    /** The size of the checkpoint the stand-in serves as its newest, and proves receipts under. */
    int size = 7;

    HttpServer server;

    @BeforeEach
    void aStandInService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void theLogsKeyIsPinnedOnFirstUseAndAGrownLogIsCheckedAgainstTheKeptCheckpoint() {
        assertThat(run()).as(output()).isZero();
        assertThat(err()).contains("pinned the transparency log's key " + fixture.logVerifierKey());
        assertThat(output()).contains("log       3 of 3 proven", "(checkpoint of 7 entries)", "OK");

        grow(4);
        assertThat(run()).as(output()).isZero();

        assertThat(err()).doesNotContain("pinned");
        assertThat(consistencyAsked).containsExactly("from=7&to=11");
        assertThat(output())
                .contains(
                        "(checkpoint of 11 entries)",
                        "consistent with the checkpoint of 7 entries kept from the last run",
                        "OK");
        assertThat(State.read(state("log-checkpoint")))
                .isEqualTo(fixture.checkpoint(11).trim());
    }

    @Test
    void aLogRolledBackBehindTheKeptCheckpointFailsAndTheKeptOneStays() {
        grow(2);
        size = 9;
        assertThat(run()).as(output()).isZero();

        size = 7;
        assertThat(run()).isEqualTo(Camroll.FAILED);

        assertThat(output())
                .contains("ROLLBACK against the checkpoint kept from the last run", "fewer than the 9", "FAILED");
        assertThat(State.read(state("log-checkpoint")))
                .isEqualTo(fixture.checkpoint(9).trim());
    }

    @Test
    void aLogThatRewroteTheKeptTreeIsInconsistent() {
        assertThat(run()).as(output()).isZero();
        String kept = State.read(state("log-checkpoint"));

        fixture.log.set(0, fixture.bytes(32));
        grow(2);
        assertThat(run()).isEqualTo(Camroll.FAILED);

        assertThat(output())
                .contains(
                        "INCONSISTENT against the checkpoint kept from the last run",
                        "the larger does not extend the smaller",
                        "FAILED");
        assertThat(State.read(state("log-checkpoint"))).isEqualTo(kept);
    }

    @Test
    void aNewestCheckpointThePinnedKeyDidNotSignFailsTheCommand() {
        String other = LedgerFixture.verifierKey(LedgerFixture.ORIGIN, LedgerFixture.generate("Ed25519"));

        assertThat(run("--log-key", other)).isEqualTo(Camroll.FAILED);

        assertThat(err()).contains("the log's newest checkpoint is not the pinned log's (" + other + ")");
        assertThat(State.read(state("log-checkpoint"))).isNull();
    }

    private void grow(int entries) {
        for (int i = 0; i < entries; i++) {
            fixture.log.add(fixture.bytes(32));
        }
        size = fixture.log.size();
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String query = exchange.getRequestURI().getQuery();
        List<Receipt> receipts = fixture.receipts(fixture.ledger, size);
        String body;
        if (path.equals("/v1/consent/receipts/jwks.json")) {
            body = fixture.jwks();
        } else if (path.equals("/v1/consent/log/key")) {
            body = fixture.logVerifierKey() + "\n";
        } else if (path.equals("/v1/consent/log/checkpoint")) {
            body = fixture.checkpoint(size);
        } else if (path.equals("/v1/consent/log/consistency")) {
            consistencyAsked.add(query);
            Map<String, Integer> sizes = new HashMap<>();
            for (String parameter : query.split("&")) {
                sizes.put(parameter.split("=")[0], Integer.parseInt(parameter.split("=")[1]));
            }
            JsonArray proof = new JsonArray();
            fixture.consistency(sizes.get("from"), sizes.get("to"))
                    .forEach(hash -> proof.add(LedgerFixture.base64(hash)));
            JsonObject answer = new JsonObject();
            answer.addProperty("from", sizes.get("from"));
            answer.addProperty("to", sizes.get("to"));
            answer.add("proof", proof);
            body = answer.toString();
        } else if (path.equals("/v1/consent/history")) {
            JsonArray items = new JsonArray();
            fixture.ledger.forEach(entry -> items.add(Camroll.JSON.toJsonTree(entry)));
            JsonObject page = new JsonObject();
            page.add("items", items);
            body = page.toString();
        } else if (path.startsWith("/v1/consent/receipts/")) {
            String eventId = path.substring("/v1/consent/receipts/".length());
            body = Camroll.JSON.toJson(receipts.stream()
                    .filter(r -> r.eventId().equals(eventId))
                    .findFirst()
                    .orElseThrow());
        } else {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    private int run(String... options) {
        out.reset();
        err.reset();
        List<String> args = new ArrayList<>(List.of("verify"));
        args.addAll(List.of(options));
        return new Camroll(
                        env(),
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args.toArray(String[]::new));
    }

    private Map<String, String> env() {
        String claims = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("{\"sub\":\"" + LedgerFixture.SUBJECT + "\"}").getBytes(StandardCharsets.UTF_8));
        return Map.of(
                "CAMROLL_SERVER",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "CAMROLL_TOKEN",
                "e30." + claims + ".unchecked",
                "CAMROLL_CONFIG",
                home.resolve("none.properties").toString(),
                "CAMROLL_STATE_DIR",
                home.resolve("state").toString());
    }

    private Path state(String name) {
        return State.file(new Camroll(env(), System.out, System.err), name, false);
    }

    private String output() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
