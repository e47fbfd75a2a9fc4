package dev.camroll.consent.internal;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import dev.camroll.consent.Actor;
import dev.camroll.consent.ConsentViews;
import dev.camroll.identity.Subject;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestDatabase;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chain is verified incrementally: a history read hashes the entries after the verified head (and the page it
 * shows), not the whole ledger again; the support look-up walks everything and finds what the incremental check
 * cannot see. Entries hashed are counted by {@code camroll.consent.chain.entries.verified}.
 */
class ChainVerificationTests extends EndToEndTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationContext context;

    @Autowired
    ConsentLedger ledger;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aSecondReadOfALongChainHashesOnlyTheEntriesAddedSinceAndThePageItShows() {
        String user = newUser("long-ledger");
        String token = token(user);
        give(token, "cloud_processing");
        append(user, 1_999);

        double before = verified();
        long started = System.nanoTime();
        JsonNode first = api.get("/v1/consent/history?limit=10")
                .token(token)
                .send()
                .json()
                .path("chain");
        long firstMillis = (System.nanoTime() - started) / 1_000_000;
        double firstWalk = verified() - before;
        append(user, 3);
        before = verified();
        started = System.nanoTime();
        JsonNode second = api.get("/v1/consent/history?limit=10")
                .token(token)
                .send()
                .json()
                .path("chain");
        long secondMillis = (System.nanoTime() - started) / 1_000_000;
        double secondWalk = verified() - before;
        System.out.printf(
                "Chain of 2,000 then 2,003 entries: first read hashed %.0f entries in %d ms, the second %.0f "
                        + "in %d ms%n",
                firstWalk, firstMillis, secondWalk, secondMillis);

        assertThat(first.path("valid").asBoolean()).isTrue();
        assertThat(first.path("length").asLong()).isEqualTo(2_000);
        assertThat(firstWalk).as("the first read walks the whole chain once").isGreaterThanOrEqualTo(2_000);
        assertThat(second.path("valid").asBoolean()).isTrue();
        assertThat(second.path("length").asLong()).isEqualTo(2_003);
        assertThat(second.path("headHash").asString())
                .isEqualTo(jdbc.queryForObject(
                        "SELECT hash FROM consent_events WHERE subject = ? AND seq = 2003", String.class, user));
        assertThat(secondWalk)
                .as("3 new entries, the head entry again, and the 10 shown")
                .isEqualTo(3 + 1 + 10);
        assertThat(jdbc.queryForObject(
                        "SELECT verified_seq FROM consent_chain_heads WHERE subject = ?", Long.class, user))
                .isEqualTo(2_003);
    }

    @Test
    void anOldEntryAlteredOutOfSightEscapesTheIncrementalCheckButTheSupportLookUpFindsItAndItStaysReported()
            throws Exception {
        String user = newUser("old-tamper");
        String token = token(user);
        give(token, "cloud_processing");
        append(user, 29);
        String cursor = api.get("/v1/consent/history?limit=20")
                .token(token)
                .send()
                .json()
                .path("nextCursor")
                .asString();
        assertThat(api.get("/v1/consent/history")
                        .token(token)
                        .send()
                        .json()
                        .path("chain")
                        .path("valid")
                        .asBoolean())
                .isTrue();

        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement s = superuser.createStatement()) {
            s.execute("SET session_replication_role = replica"); // only a superuser can switch the guard off
            assertThat(s.executeUpdate(
                            "UPDATE consent_events SET details = '{\"deleted\":{}}' WHERE seq = 5 AND subject = '"
                                    + user + "'"))
                    .isEqualTo(1);
        }
        JsonNode unseen = api.get("/v1/consent/history?limit=5&cursor=" + cursor)
                .token(token)
                .send()
                .json();
        JsonNode support = api.get("/v1/support/users/" + user + "/consent")
                .token(token(newUser("agent"), "support"))
                .header("X-Access-Reason", "TICKET-9 verify the ledger")
                .send()
                .json();
        JsonNode afterwards = api.get("/v1/consent/history?limit=5&cursor=" + cursor)
                .token(token)
                .send()
                .json();

        assertThat(unseen.path("items").get(0).path("seq").asLong()).isEqualTo(21);
        assertThat(unseen.path("chain").path("valid").asBoolean())
                .as("the trade-off: seq 5 lies before the verified head and is not on the page")
                .isTrue();
        assertThat(support.path("chain").path("valid").asBoolean())
                .as("the full walk")
                .isFalse();
        assertThat(support.path("chain").path("firstInvalidSeq").asLong()).isEqualTo(5);
        assertThat(afterwards.path("chain").path("valid").asBoolean())
                .as("the head went back before the break")
                .isFalse();
        assertThat(afterwards.path("chain").path("firstInvalidSeq").asLong()).isEqualTo(5);
        assertThat(jdbc.queryForObject(
                        "SELECT verified_seq FROM consent_chain_heads WHERE subject = ?", Long.class, user))
                .isEqualTo(4);
    }

    @Test
    void anAlteredHeadEntryIsFoundByTheNextReadWhateverPageItShows() throws Exception {
        String user = newUser("head-tamper");
        String token = token(user);
        give(token, "cloud_processing");
        append(user, 29);
        assertThat(api.get("/v1/consent/history?limit=1")
                        .token(token)
                        .send()
                        .json()
                        .path("chain")
                        .path("valid")
                        .asBoolean())
                .isTrue();

        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement s = superuser.createStatement()) {
            s.execute("SET session_replication_role = replica");
            s.executeUpdate("UPDATE consent_events SET details = '{}' WHERE seq = 30 AND subject = '" + user + "'");
        }
        JsonNode chain = api.get("/v1/consent/history?limit=1")
                .token(token)
                .send()
                .json()
                .path("chain");

        assertThat(chain.path("valid").asBoolean()).isFalse();
        assertThat(chain.path("firstInvalidSeq").asLong()).isEqualTo(30);
        assertThat(chain.path("length").asLong()).isEqualTo(30);
    }

    /** {@code count} DATA_PURGED entries, appended through the ledger itself in one transaction. */
    private void append(String user, int count) {
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            ledger.lock(Subject.of(user));
            for (int i = 0; i < count; i++) {
                ledger.append(
                        Subject.of(user),
                        new ConsentEvent.Draft(
                                ConsentEvent.Type.DATA_PURGED,
                                null,
                                null,
                                null,
                                null,
                                Map.of("deleted", Map.of("media", i)),
                                Actor.system(),
                                null,
                                ConsentViews.Circumstances.NONE));
            }
        });
    }

    private double verified() {
        return meters.find(ConsentLedger.ENTRIES_VERIFIED).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }
}
