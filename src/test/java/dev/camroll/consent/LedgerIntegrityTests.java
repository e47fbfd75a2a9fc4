package dev.camroll.consent;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LedgerIntegrityTests extends EndToEndTest {

    @Test
    void theServicesOwnDatabaseRoleCanNeitherUpdateNorDeleteLedgerRowsNorSwitchTheGuardOff() {
        String user = newUser("append-only");
        give(token(user), "cloud_processing");
        jdbc.update(
                "INSERT INTO access_log (id, at, staff_id, subject, reason, resource) "
                        + "VALUES (gen_random_uuid(), now(), 'staff', ?, 'TICKET-1 checking', 'GET /x')",
                user);

        for (String attack : List.of(
                "UPDATE consent_events SET state = 'WITHDRAWN' WHERE subject = '" + user + "'",
                "DELETE FROM consent_events WHERE subject = '" + user + "'",
                "TRUNCATE consent_events CASCADE",
                "UPDATE access_log SET reason = 'nothing to see' WHERE subject = '" + user + "'",
                "DELETE FROM access_log WHERE subject = '" + user + "'",
                "TRUNCATE access_log",
                "ALTER TABLE consent_events DISABLE TRIGGER consent_events_append_only",
                "DROP TRIGGER consent_events_append_only ON consent_events")) {
            assertThatThrownBy(() -> jdbc.execute(attack))
                    .as(attack)
                    .isInstanceOf(DataAccessException.class)
                    .satisfiesAnyOf(
                            e -> assertThat(e).hasStackTraceContaining("ERROR: permission denied for table"),
                            e -> assertThat(e).hasStackTraceContaining("ERROR: must be owner of"));
        }
        assertThat(jdbc.queryForObject("SELECT state FROM consent_events WHERE subject = ?", String.class, user))
                .isEqualTo("GIVEN");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM access_log WHERE subject = ?", Integer.class, user))
                .isEqualTo(1);
    }

    @Test
    void evenTheSchemaOwnerCannotUpdateDeleteOrTruncateLedgerRows() throws Exception {
        String user = newUser("append-only-owner");
        give(token(user), "cloud_processing");

        try (Connection owner = TestDatabase.get().owner().getConnection();
                Statement s = owner.createStatement()) {
            for (String attack : List.of(
                    "UPDATE consent_events SET state = 'WITHDRAWN' WHERE subject = '" + user + "'",
                    "DELETE FROM consent_events WHERE subject = '" + user + "'",
                    "TRUNCATE consent_events CASCADE",
                    "TRUNCATE access_log",
                    "DELETE FROM consent_notices")) {
                assertThatThrownBy(() -> s.execute(attack))
                        .as(attack)
                        .hasMessageContaining("is not allowed: the table is append-only");
            }
        }
        assertThat(decisions(user)).isEqualTo(1);
    }

    @Test
    void fiftyRacingTogglesStillFormOneUnbrokenChain() throws Exception {
        String user = newUser("racer");
        String token = token(user);
        String notice = currentNotice("cloud_processing", "en");
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Integer>> toggles = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Map<String, String> body =
                    i % 2 == 0 ? Map.of("state", "GIVEN", "noticeVersion", notice) : Map.of("state", "WITHDRAWN");
            toggles.add(CompletableFuture.supplyAsync(
                    () -> {
                        awaitStart(start);
                        return api.put("/v1/consent/cloud_processing", body)
                                .token(token)
                                .send()
                                .status();
                    },
                    pool));
        }
        start.countDown();
        for (CompletableFuture<Integer> toggle : toggles) {
            // Giving consent again is refused (409 purge-pending) until the last withdrawal's purge has finished.
            assertThat(toggle.get(60, TimeUnit.SECONDS)).isIn(200, 409);
        }
        awaitPurged(user);
        pool.shutdown();

        JsonNode history =
                api.get("/v1/consent/history?limit=200").token(token).send().json();
        JsonNode items = history.path("items");
        assertThat(items.size()).as("decisions, and the purges of withdrawals").isBetween(2, 75);
        String previous = "0".repeat(64);
        String previousState = null;
        for (int i = 0; i < items.size(); i++) {
            JsonNode event = items.get(i);
            assertThat(event.path("seq").asLong()).isEqualTo(i + 1);
            assertThat(event.path("prevHash").asString()).isEqualTo(previous);
            previous = event.path("hash").asString();
            if ("DATA_PURGED".equals(event.path("type").asString())) {
                assertThat(previousState).as("a purge follows a withdrawal").isEqualTo("WITHDRAWN");
                continue;
            }
            // Repeats are no-ops, so consecutive decisions always change the state.
            assertThat(event.path("state").asString()).isNotEqualTo(previousState);
            previousState = event.path("state").asString();
        }
        assertThat(history.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(history.path("chain").path("length").asLong()).isEqualTo(items.size());
    }

    @Test
    void appendsForDifferentUsersDoNotWaitForEachOther() throws Exception {
        String blocked = newUser("blocked");
        String free = newUser("free");
        give(token(blocked), "cloud_processing");
        try (Connection holder = TestDatabase.get().superuser().getConnection()) {
            holder.setAutoCommit(false);
            lockAccount(holder, blocked);
            CompletableFuture<Api.Response> waiting =
                    CompletableFuture.supplyAsync(() -> withdraw(token(blocked), "cloud_processing"));
            await().atMost(Duration.ofSeconds(4)).until(() -> lockWaiters() >= 1);

            Api.Response other = give(token(free), "cloud_processing");

            assertThat(other.status()).isEqualTo(200);
            assertThat(lockWaiters())
                    .as("the blocked user's append still waits for its lock")
                    .isEqualTo(1);
            assertThat(waiting).isNotDone();
            holder.rollback();
            assertThat(waiting.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        assertThat(decisions(blocked)).isEqualTo(2);
    }

    @Test
    void aWriterThatCannotGetTheUsersLockSoonIsToldToRetry() throws Exception {
        String user = newUser("contended");
        give(token(user), "cloud_processing");
        try (Connection holder = TestDatabase.get().superuser().getConnection()) {
            holder.setAutoCommit(false);
            lockAccount(holder, user);

            Api.Response refused = withdraw(token(user), "cloud_processing");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.problem()).isEqualTo("service-unavailable");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            holder.rollback();
        }
        assertThat(decisions(user)).isEqualTo(1);
    }

    private static void lockAccount(Connection holder, String subject) throws Exception {
        try (PreparedStatement lock =
                holder.prepareStatement("SELECT 1 FROM user_accounts WHERE subject = ? FOR UPDATE")) {
            lock.setString(1, subject);
            lock.executeQuery();
        }
    }

    private int lockWaiters() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                        + "AND query LIKE '%FROM user_accounts WHERE subject = % FOR UPDATE%'",
                Integer.class);
    }

    @Test
    void anAlteredRowMakesVerificationFailAtItsSeq() throws Exception {
        String user = newUser("tampered");
        String token = token(user);
        give(token, "cloud_processing");
        withdraw(token, "cloud_processing");
        awaitPurged(user); // its DATA_PURGED entry is seq 3
        give(token, "cloud_processing");
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
            // Only a superuser can switch the append-only triggers off; an attacker with that much power...
            s.execute("SET session_replication_role = replica");
            int altered = s.executeUpdate(
                    "UPDATE consent_events SET state = 'GIVEN' WHERE seq = 2 AND subject = '" + user + "'");
            assertThat(altered).isEqualTo(1);
        }

        JsonNode chain =
                api.get("/v1/consent/history").token(token).send().json().path("chain");
        // ...still cannot hide it: the stored hash no longer matches the row.
        assertThat(chain.path("valid").asBoolean()).isFalse();
        assertThat(chain.path("firstInvalidSeq").asLong()).isEqualTo(2);
        assertThat(chain.path("length").asLong()).isEqualTo(4);
    }

    @Test
    void theHashCoversEveryStoredField() throws Exception {
        String user = newUser("every-field");
        String token = token(user);
        give(token, "cloud_processing");
        give(token, "location_analysis");
        api.post(
                        "/v1/support/users/" + user + "/consent/cloud_processing/revoke",
                        Map.of("reason", "User asked by phone"))
                .token(token(newUser("agent"), "support"))
                .header("X-Access-Reason", "TICKET-1 every field")
                .send();
        Map<String, String> changes = Map.ofEntries(
                Map.entry("purpose", "'original_retention'"),
                Map.entry("state", "'GIVEN'"),
                Map.entry("notice_version", "NULL"),
                Map.entry("locale", "'xx'"),
                Map.entry("details", "'{}'"),
                Map.entry("actor_kind", "'USER'"),
                Map.entry("actor_id", "'someone'"),
                Map.entry("reason", "'other reason'"),
                Map.entry("occurred_at", "occurred_at + interval '1 microsecond'"),
                Map.entry("client_time", "now()"),
                Map.entry("method", "'other'"),
                Map.entry("platform", "'other'"),
                Map.entry("app_version", "'0'"),
                Map.entry("device_id", "'other'"),
                Map.entry("event_id", "gen_random_uuid()"));
        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement s = superuser.createStatement()) {
            s.execute("SET session_replication_role = replica");
            for (Map.Entry<String, String> change : changes.entrySet()) {
                s.execute("CREATE TEMP TABLE original AS SELECT * FROM consent_events WHERE subject = '" + user + "'");
                // seq 3 is the support revoke: it has a reason and a notice; every change of any column must show
                s.executeUpdate("UPDATE consent_events SET " + change.getKey() + " = " + change.getValue()
                        + " WHERE subject = '" + user + "' AND seq = 3");
                JsonNode chain = api.get("/v1/consent/history")
                        .token(token)
                        .send()
                        .json()
                        .path("chain");
                assertThat(chain.path("valid").asBoolean()).as(change.getKey()).isFalse();
                s.execute("DELETE FROM consent_events WHERE subject = '" + user + "'");
                s.execute("INSERT INTO consent_events SELECT * FROM original");
                s.execute("DROP TABLE original");
            }
        }
        assertThat(api.get("/v1/consent/history")
                        .token(token)
                        .send()
                        .json()
                        .path("chain")
                        .path("valid")
                        .asBoolean())
                .as("restored")
                .isTrue();
    }

    private static void awaitStart(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
