package dev.camroll.support.internal;

import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class SupportApiTests extends EndToEndTest {

    static final String REASON = "TICKET-4711 uploads stopped";

    @Test
    void staffSeeStateHistoryAndChainAndTheLookIsInTheUsersAccessLog() {
        String user = newUser("customer");
        String staff = newUser("agent");
        give(token(user), "cloud_processing");

        Api.Response look = api.get("/v1/support/users/" + user + "/consent")
                .token(token(staff, "support"))
                .header("X-Access-Reason", REASON)
                .send();

        assertThat(look.status()).isEqualTo(200);
        JsonNode body = look.json();
        assertThat(body.path("purposes").get(0).path("state").asString()).isEqualTo("GIVEN");
        assertThat(body.path("history")).hasSize(1);
        assertThat(body.path("chain").path("valid").asBoolean()).isTrue();

        JsonNode log =
                api.get("/v1/me/access-log").token(token(user)).send().json().path("items");
        assertThat(log).hasSize(1);
        assertThat(log.get(0).path("staffId").asString()).isEqualTo(staff);
        assertThat(log.get(0).path("reason").asString()).isEqualTo(REASON);
        assertThat(log.get(0).path("resource").asString()).isEqualTo("GET /v1/support/users/" + user + "/consent");
        assertThat(log.get(0).has("at")).isTrue();
    }

    @Test
    void withoutAReasonOfTenCharactersNothingIsShownOrLogged() {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        String staff = token(newUser("agent"), "support");

        Api.Response missing =
                api.get("/v1/support/users/" + user + "/consent").token(staff).send();
        Api.Response tooShort = api.get("/v1/support/users/" + user + "/consent")
                .token(staff)
                .header("X-Access-Reason", "because")
                .send();
        Api.Response revoke = api.post(
                        "/v1/support/users/" + user + "/consent/cloud_processing/revoke",
                        Map.of("reason", "user asked by phone"))
                .token(staff)
                .send();
        Api.Response revokeWithBadBody = api.post("/v1/support/users/" + user + "/consent/nonsense/revoke", "{oops")
                .token(staff)
                .send();

        for (Api.Response refused : new Api.Response[] {missing, tooShort, revoke, revokeWithBadBody}) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.problem()).isEqualTo("access-reason-required");
            assertThat(refused.body()).doesNotContain("GIVEN").doesNotContain("history");
        }
        assertThat(accessLogSize(user)).isZero();
        assertThat(decisions(user)).isEqualTo(1);
    }

    @Test
    void staffRevokeOnTheUsersBehalfWithTheirIdAndReason() {
        String user = newUser("customer");
        String staff = newUser("agent");
        give(token(user), "cloud_processing");
        give(token(user), "location_analysis");

        Api.Response revoked = api.post(
                        "/v1/support/users/" + user + "/consent/cloud_processing/revoke",
                        Map.of("reason", "User asked by phone to stop"))
                .token(token(staff, "support"))
                .header("X-Access-Reason", REASON)
                .send();

        assertThat(revoked.status()).isEqualTo(200);
        assertThat(revoked.json().path("state").asString()).isEqualTo("WITHDRAWN");
        JsonNode history =
                api.get("/v1/consent/history").token(token(user)).send().json().path("items");
        JsonNode revoke = history.get(2);
        assertThat(revoke.path("actor").path("kind").asString()).isEqualTo("SUPPORT");
        assertThat(revoke.path("actor").path("id").asString()).isEqualTo(staff);
        assertThat(revoke.path("reason").asString()).isEqualTo("User asked by phone to stop");
        assertThat(history.get(3).path("purpose").asString()).isEqualTo("location_analysis");
        assertThat(history.get(3).path("actor").path("kind").asString()).isEqualTo("SYSTEM");
        assertThat(accessLogSize(user)).isEqualTo(1);
    }

    @Test
    void staffCanNeverGiveConsent() {
        String user = newUser("customer");
        String staff = token(newUser("agent"), "support", "admin");

        for (String method : new String[] {"PUT", "POST"}) {
            Api.Response attempt = api.request(method, "/v1/support/users/" + user + "/consent/cloud_processing")
                    .token(staff)
                    .header("X-Access-Reason", REASON)
                    .json(Map.of("state", "GIVEN", "noticeVersion", currentNotice("cloud_processing", "en")))
                    .send();
            assertThat(attempt.status()).isIn(404, 405);
        }
        assertThat(api.post("/v1/support/users/" + user + "/consent/cloud_processing/give", Map.of("reason", REASON))
                        .token(staff)
                        .header("X-Access-Reason", REASON)
                        .send()
                        .status())
                .isIn(404, 405);
        assertThat(decisions(user)).isZero();
    }

    @Test
    void onlyAdminsQueryTheAccessLogFilteredByUserAndStaff() {
        String user = newUser("customer");
        String staffA = newUser("agent-a");
        String staffB = newUser("agent-b");
        give(token(user), "cloud_processing");
        api.get("/v1/support/users/" + user + "/consent")
                .token(token(staffA, "support"))
                .header("X-Access-Reason", REASON)
                .send();
        api.get("/v1/support/users/" + user + "/consent")
                .token(token(staffB, "support"))
                .header("X-Access-Reason", REASON)
                .send();

        Api.Response asSupport = api.get("/v1/support/access-log?userId=" + user)
                .token(token(staffA, "support"))
                .header("X-Access-Reason", REASON)
                .send();
        Api.Response byUser = api.get("/v1/support/access-log?userId=" + user)
                .token(token(newUser("boss"), "admin"))
                .header("X-Access-Reason", REASON)
                .send();
        Api.Response byStaff = api.get("/v1/support/access-log?staffId=" + staffB)
                .token(token(newUser("boss"), "admin"))
                .header("X-Access-Reason", REASON)
                .send();

        assertThat(asSupport.status()).isEqualTo(403);
        assertThat(asSupport.problem()).isEqualTo("forbidden");
        assertThat(byUser.status()).isEqualTo(200);
        // Newest first; the admin's own look is logged before the query runs, so it is part of the answer.
        assertThat(byUser.json().path("items")).hasSize(3);
        assertThat(byUser.json().path("items").get(0).path("resource").asString())
                .isEqualTo("GET /v1/support/access-log");
        assertThat(byUser.json().path("items").get(1).path("staffId").asString())
                .isEqualTo(staffB);
        assertThat(byUser.json().path("items").get(2).path("staffId").asString())
                .isEqualTo(staffA);
        assertThat(byUser.json().path("items").get(1).path("userId").asString()).isEqualTo(user);
        assertThat(byStaff.json().path("items")).hasSize(1);
        Api.Response emptyFilters = api.get("/v1/support/access-log?userId=&staffId=" + staffB)
                .token(token(newUser("boss"), "admin"))
                .header("X-Access-Reason", REASON)
                .send();
        assertThat(emptyFilters.status()).isEqualTo(200);
        assertThat(emptyFilters.json().path("items").get(0).path("staffId").asString())
                .isEqualTo(staffB);
        assertThat(byStaff.json().path("items").get(0).path("staffId").asString())
                .isEqualTo(staffB);
    }

    @Test
    void whenTheAccessCannotBeLoggedNoDataLeaves() throws Exception {
        String user = newUser("customer");
        String staff = newUser("agent-unlucky");
        give(token(user), "cloud_processing");
        try (Connection superuser = TestDatabase.get().superuser().getConnection();
                Statement s = superuser.createStatement()) {
            s.execute("""
                    CREATE FUNCTION test_refuse_access_log() RETURNS trigger LANGUAGE plpgsql AS $$
                    BEGIN RAISE EXCEPTION 'disk full (simulated)'; END; $$""");
            s.execute("CREATE TRIGGER test_refuse_access_log BEFORE INSERT ON access_log FOR EACH ROW "
                    + "WHEN (NEW.staff_id = '" + staff + "') EXECUTE FUNCTION test_refuse_access_log()");
        }
        try {
            Api.Response look = api.get("/v1/support/users/" + user + "/consent")
                    .token(token(staff, "support"))
                    .header("X-Access-Reason", REASON)
                    .send();
            Api.Response revoke = api.post(
                            "/v1/support/users/" + user + "/consent/cloud_processing/revoke",
                            Map.of("reason", "User asked by phone to stop"))
                    .token(token(staff, "support"))
                    .header("X-Access-Reason", REASON)
                    .send();

            for (Api.Response refused : new Api.Response[] {look, revoke}) {
                assertThat(refused.status()).isEqualTo(503);
                assertThat(refused.problem()).isEqualTo("access-log-unavailable");
                assertThat(refused.body()).doesNotContain("GIVEN").doesNotContain("history");
            }
            assertThat(decisions(user)).as("nothing was revoked").isEqualTo(1);
        } finally {
            try (Connection superuser = TestDatabase.get().superuser().getConnection();
                    Statement s = superuser.createStatement()) {
                s.execute("DROP TRIGGER test_refuse_access_log ON access_log");
                s.execute("DROP FUNCTION test_refuse_access_log()");
            }
        }
    }

    @Test
    void anIdempotencyKeyNeverLetsASupportCallSkipItsReasonOrTheLog() {
        String user = newUser("customer");
        String staff = token(newUser("agent"), "support");
        give(token(user), "cloud_processing");
        String revoke = "/v1/support/users/" + user + "/consent/cloud_processing/revoke";
        Map<String, String> body = Map.of("reason", "User asked by phone to stop");
        assertThat(api.post(revoke, body)
                        .token(staff)
                        .header("X-Access-Reason", REASON)
                        .header("Idempotency-Key", "revoke-1")
                        .send()
                        .status())
                .isEqualTo(200);

        Api.Response withoutReason = api.post(revoke, body)
                .token(staff)
                .header("Idempotency-Key", "revoke-1")
                .send();
        Api.Response again = api.post(revoke, body)
                .token(staff)
                .header("X-Access-Reason", REASON)
                .header("Idempotency-Key", "revoke-1")
                .send();

        assertThat(withoutReason.status()).isEqualTo(400);
        assertThat(withoutReason.problem()).isEqualTo("access-reason-required");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isNull();
        assertThat(accessLogSize(user))
                .as("every call that returned data was logged")
                .isEqualTo(2);
        assertThat(decisions(user)).as("the repeated revoke was a no-op").isEqualTo(2);
    }

    @Test
    void anEncodedSupportPathIsStillSupport() {
        String user = newUser("customer");
        give(token(user), "cloud_processing");
        String encoded = "/v1/%73upport/users/" + user + "/consent";

        Api.Response asUser = api.get(encoded)
                .token(token(newUser("plain")))
                .header("X-Access-Reason", REASON)
                .send();
        Api.Response replayAttempt = api.post(
                        encoded.replace("/consent", "/consent/cloud_processing/revoke"),
                        Map.of("reason", "User asked by phone to stop"))
                .token(token(newUser("agent"), "support"))
                .header("Idempotency-Key", "enc-1")
                .send();

        Api.Response asSupport = api.get(encoded)
                .token(token(newUser("agent"), "support"))
                .header("X-Access-Reason", REASON)
                .send();
        JsonNode logged =
                api.get("/v1/me/access-log").token(token(user)).send().json().path("items");

        assertThat(asUser.status()).isEqualTo(403);
        assertThat(asSupport.status()).isEqualTo(200);
        assertThat(logged.get(0).path("resource").asString())
                .as("logged as routed")
                .isEqualTo("GET /v1/support/users/" + user + "/consent");
        assertThat(replayAttempt.status()).isEqualTo(400);
        assertThat(replayAttempt.problem()).isEqualTo("access-reason-required");
        assertThat(decisions(user)).isEqualTo(1);
    }

    private int accessLogSize(String subject) {
        return jdbc.queryForObject("SELECT count(*) FROM access_log WHERE subject = ?", Integer.class, subject);
    }
}
