package dev.camroll.api;

import java.util.HashMap;
import java.util.Map;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Bad input gets a clear problem and changes nothing. */
class BadInputTests extends EndToEndTest {

    @Test
    void malformedJsonIsInvalid() {
        assertRefused(put("cloud_processing", "{\"state\":"), 400, "invalid-request", null);
    }

    @Test
    void anUnknownPurposeIsNotFound() {
        assertRefused(put("face_recognition", Map.of("state", "WITHDRAWN")), 404, "not-found", null);
        assertRefused(put("x".repeat(300), Map.of("state", "WITHDRAWN")), 404, "not-found", null);
        assertRefused(put("face_recognition", "{}"), 404, "not-found", null);
        assertRefused(put("face_recognition", "{not json"), 404, "not-found", null);
    }

    @Test
    void anUnknownOrMissingStateIsInvalidAndNamed() {
        assertRefused(put("cloud_processing", Map.of("state", "MAYBE")), 400, "invalid-request", "state");
        assertRefused(put("cloud_processing", Map.of("state", "NOT_ASKED")), 400, "invalid-request", "state");
        assertRefused(put("cloud_processing", Map.of("noticeVersion", notice())), 400, "invalid-request", "state");
        assertRefused(put("cloud_processing", "[]"), 400, "invalid-request", null);
    }

    @Test
    void givingWithoutANoticeVersionIsInvalid() {
        assertRefused(put("cloud_processing", Map.of("state", "GIVEN")), 400, "invalid-request", "noticeVersion");
        assertRefused(
                put("cloud_processing", Map.of("state", "GIVEN", "noticeVersion", "v1")),
                400,
                "invalid-request",
                "noticeVersion");
    }

    @Test
    void overlongOrMalformedFieldsAreInvalidAndNamed() {
        assertRefused(put("cloud_processing", given("deviceId", "d".repeat(65))), 400, "invalid-request", "deviceId");
        assertRefused(put("cloud_processing", given("deviceId", "has spaces")), 400, "invalid-request", "deviceId");
        assertRefused(put("cloud_processing", given("locale", "x".repeat(40))), 400, "invalid-request", "locale");
        assertRefused(put("cloud_processing", given("method", "m".repeat(65))), 400, "invalid-request", "method");
        assertRefused(put("cloud_processing", given("platform", "p".repeat(33))), 400, "invalid-request", "platform");
        assertRefused(
                put("cloud_processing", given("appVersion", "a".repeat(65))), 400, "invalid-request", "appVersion");
        assertRefused(put("cloud_processing", given("clientTime", "yesterday")), 400, "invalid-request", "clientTime");
        assertRefused(
                put("cloud_processing", given("clientTime", "+300000-01-01T00:00:00Z")),
                400,
                "invalid-request",
                "clientTime");
    }

    @Test
    void anOversizeBodyIsTooLargeWithOrWithoutALength() {
        Map<String, String> huge = given("method", "m".repeat(600 * 1024));
        assertRefused(put("cloud_processing", huge), 413, "payload-too-large", null);
        assertRefused(put("cloud_processing", huge).chunked(), 413, "payload-too-large", null);
    }

    @Test
    void badPagingIsInvalidAndNamed() {
        String token = token(newUser("pager"));
        for (String query : new String[] {"limit=0", "limit=201", "limit=ten"}) {
            Api.Response response =
                    api.get("/v1/consent/history?" + query).token(token).send();
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().path("field").asString()).as(query).isEqualTo("limit");
        }
        Api.Response cursor =
                api.get("/v1/consent/history?cursor=%25%25%25").token(token).send();
        assertThat(cursor.status()).isEqualTo(400);
        assertThat(cursor.json().path("field").asString()).isEqualTo("cursor");
    }

    @Test
    void overlongIdsInPathsAreRefused() {
        String token = token(newUser("ids"));
        assertThat(api.get("/v1/consent/receipts/" + "0".repeat(300))
                        .token(token)
                        .send()
                        .problem())
                .isEqualTo("not-found");
        Api.Response support = api.get("/v1/support/users/" + "u".repeat(129) + "/consent")
                .token(token(newUser("agent"), "support"))
                .header("X-Access-Reason", "TICKET-9 long id check")
                .send();
        assertThat(support.status()).isEqualTo(400);
        assertThat(support.json().path("field").asString()).isEqualTo("userId");
    }

    private String subject;

    private String headHashBefore;

    /** A user with a ledger already, so a half-written change would show as a changed head. */
    private Api.Request put(String purpose, Object body) {
        subject = newUser("bad-input");
        withdraw(token(subject), "original_retention");
        headHashBefore = headHash();
        return api.put("/v1/consent/" + purpose, body).token(token(subject));
    }

    private String headHash() {
        return api.get("/v1/consent/history")
                .token(token(subject))
                .send()
                .json()
                .path("chain")
                .path("headHash")
                .asString();
    }

    private void assertRefused(Api.Request request, int status, String problem, String field) {
        Api.Response response = request.send();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type")).startsWith("application/problem+json");
        assertThat(response.problem()).isEqualTo(problem);
        assertThat(response.json().path("detail").asString()).isNotBlank();
        if (field != null) {
            assertThat(response.json().path("field").asString()).isEqualTo(field);
        }
        assertThat(decisions(subject)).as("the ledger is unchanged").isEqualTo(1);
        assertThat(headHash()).isEqualTo(headHashBefore);
    }

    private String notice() {
        return currentNotice("cloud_processing", "en");
    }

    private Map<String, String> given(String field, String value) {
        Map<String, String> body = new HashMap<>(Map.of("state", "GIVEN", "noticeVersion", notice()));
        body.put(field, value);
        return body;
    }
}
