package dev.camroll.consent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class ConsentApiTests extends EndToEndTest {

    @Test
    void purposesCarryNoticesInEnglishAndGermanVersionedBySha256OfTheirText() throws Exception {
        String token = token(newUser("reader"));
        JsonNode english = api.get("/v1/consent/purposes").token(token).send().json();
        JsonNode german =
                api.get("/v1/consent/purposes?locale=de").token(token).send().json();

        assertThat(english).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(english.get(i).path("locale").asString()).isEqualTo("en");
            assertThat(german.get(i).path("locale").asString()).isEqualTo("de");
            assertThat(german.get(i).path("title").asString())
                    .isNotEqualTo(english.get(i).path("title").asString());
            for (JsonNode notice : List.of(english.get(i), german.get(i))) {
                assertThat(notice.path("noticeVersion").asString())
                        .isEqualTo(sha256(notice.path("noticeText").asString()));
            }
        }
        assertThat(english.get(0).path("purpose").asString()).isEqualTo("cloud_processing");
        assertThat(english.get(1).path("requires").get(0).asString()).isEqualTo("cloud_processing");
    }

    @Test
    void unknownLanguagesFallBackToEnglishAndAcceptLanguageIsHonoured() {
        String token = token(newUser("reader"));
        assertThat(api.get("/v1/consent/purposes?locale=fr")
                        .token(token)
                        .send()
                        .json()
                        .get(0)
                        .path("locale")
                        .asString())
                .isEqualTo("en");
        assertThat(api.get("/v1/consent/purposes")
                        .token(token)
                        .header("Accept-Language", "de-AT,de;q=0.9")
                        .send()
                        .json()
                        .get(0)
                        .path("locale")
                        .asString())
                .isEqualTo("de");
    }

    @Test
    void everyNoticeVersionStaysReadableByItsVersion() {
        String version = currentNotice("location_analysis", "de");
        Api.Response notice = api.get("/v1/consent/notices/" + version)
                .token(token(newUser("reader")))
                .send();

        assertThat(notice.status()).isEqualTo(200);
        assertThat(notice.json().path("purpose").asString()).isEqualTo("location_analysis");
        assertThat(notice.json().path("locale").asString()).isEqualTo("de");
        assertThat(notice.json().path("current").asBoolean()).isTrue();
        assertThat(api.get("/v1/consent/notices/" + "0".repeat(64))
                        .token(token(newUser("reader")))
                        .send()
                        .problem())
                .isEqualTo("not-found");
    }

    @Test
    void everyPurposeStartsNotAsked() {
        JsonNode purposes = api.get("/v1/consent")
                .token(token(newUser("fresh")))
                .send()
                .json()
                .path("purposes");

        assertThat(purposes).hasSize(3);
        for (JsonNode purpose : purposes) {
            assertThat(purpose.path("state").asString()).isEqualTo("NOT_ASKED");
            assertThat(purpose.path("upToDate").asBoolean()).isFalse();
            assertThat(purpose.get("eventId").isNull()).isTrue();
        }
    }

    @Test
    void givingConsentRecordsAnEventAndAnswersItsReceipt() {
        String user = newUser("alice");
        String token = token(user);
        String notice = currentNotice("cloud_processing", "de");

        Api.Response given = api.put(
                        "/v1/consent/cloud_processing",
                        Map.of(
                                "state",
                                "GIVEN",
                                "noticeVersion",
                                notice,
                                "locale",
                                "de",
                                "clientTime",
                                "2026-11-27T10:00:00Z",
                                "method",
                                "toggle",
                                "platform",
                                "ios",
                                "appVersion",
                                "1.4.0",
                                "deviceId",
                                "iphone-15.A"))
                .token(token)
                .send();

        assertThat(given.status()).isEqualTo(200);
        JsonNode body = given.json();
        assertThat(body.path("purpose").asString()).isEqualTo("cloud_processing");
        assertThat(body.path("state").asString()).isEqualTo("GIVEN");
        assertThat(body.path("noticeVersion").asString()).isEqualTo(notice);
        assertThat(body.path("receipt").path("eventId").asString())
                .isEqualTo(body.path("eventId").asString());
        assertThat(body.path("receipt").path("jws").asString().split("\\.")).hasSize(3);

        JsonNode state = api.get("/v1/consent")
                .token(token)
                .send()
                .json()
                .path("purposes")
                .get(0);
        assertThat(state.path("state").asString()).isEqualTo("GIVEN");
        assertThat(state.path("upToDate").asBoolean()).isTrue();
        assertThat(state.path("eventId").asString())
                .isEqualTo(body.path("eventId").asString());

        JsonNode event = api.get("/v1/consent/history")
                .token(token)
                .send()
                .json()
                .path("items")
                .get(0);
        assertThat(event.path("locale").asString()).isEqualTo("de");
        assertThat(event.path("platform").asString()).isEqualTo("ios");
        assertThat(event.path("deviceId").asString()).isEqualTo("iphone-15.A");
        assertThat(event.path("clientTime").asString()).isEqualTo("2026-11-27T10:00:00Z");
        assertThat(event.path("actor").path("kind").asString()).isEqualTo("USER");
    }

    @Test
    void repeatingTheCurrentStateWritesNothingAndAnswersTheCurrentEvent() {
        String user = newUser("repeat");
        String token = token(user);
        String first = give(token, "cloud_processing").json().path("eventId").asString();

        Api.Response again = give(token, "cloud_processing");

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("eventId").asString()).isEqualTo(first);
        assertThat(decisions(user)).isEqualTo(1);

        withdraw(token, "cloud_processing");
        String withdrawn =
                withdraw(token, "cloud_processing").json().path("eventId").asString();
        assertThat(decisions(user)).isEqualTo(2);
        assertThat(withdraw(token, "cloud_processing").json().path("eventId").asString())
                .isEqualTo(withdrawn);
    }

    @Test
    void aDependentPurposeNeedsItsRequirementGivenFirst() {
        String user = newUser("dependent");
        String token = token(user);

        Api.Response refused = give(token, "location_analysis");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problem()).isEqualTo("consent-dependency");
        assertThat(refused.json().path("requires").get(0).asString()).isEqualTo("cloud_processing");
        assertThat(decisions(user)).isZero();

        give(token, "cloud_processing");
        assertThat(give(token, "location_analysis").status()).isEqualTo(200);
    }

    @Test
    void givingToANoticeThatIsNotCurrentIsRefusedWithTheCurrentVersion() {
        String user = newUser("outdated");
        Api.Response refused = api.put(
                        "/v1/consent/cloud_processing",
                        Map.of("state", "GIVEN", "noticeVersion", "ab".repeat(32), "locale", "de"))
                .token(token(user))
                .send();

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.problem()).isEqualTo("notice-outdated");
        assertThat(refused.json().path("currentNoticeVersion").asString())
                .isEqualTo(currentNotice("cloud_processing", "de"));
        assertThat(decisions(user)).isZero();

        Api.Response otherPurposesNotice = api.put(
                        "/v1/consent/cloud_processing",
                        Map.of("state", "GIVEN", "noticeVersion", currentNotice("original_retention", "en")))
                .token(token(user))
                .send();
        assertThat(otherPurposesNotice.problem()).isEqualTo("notice-outdated");
    }

    @Test
    void withdrawingCloudProcessingAlsoWithdrawsItsDependantsAsSystem() {
        String user = newUser("cascade");
        String token = token(user);
        give(token, "cloud_processing");
        give(token, "location_analysis");

        Api.Response withdrawn = withdraw(token, "cloud_processing");

        assertThat(withdrawn.status()).isEqualTo(200);
        JsonNode purposes = api.get("/v1/consent").token(token).send().json().path("purposes");
        for (JsonNode purpose : purposes) {
            assertThat(purpose.path("state").asString()).isIn("WITHDRAWN", "NOT_ASKED");
        }
        assertThat(purposes.get(1).path("state").asString()).isEqualTo("WITHDRAWN");
        assertThat(purposes.get(2).path("state").asString()).isEqualTo("NOT_ASKED");

        JsonNode history =
                api.get("/v1/consent/history").token(token).send().json().path("items");
        JsonNode cascade = history.get(3);
        assertThat(cascade.path("purpose").asString()).isEqualTo("location_analysis");
        assertThat(cascade.path("state").asString()).isEqualTo("WITHDRAWN");
        assertThat(cascade.path("actor").path("kind").asString()).isEqualTo("SYSTEM");
        assertThat(cascade.path("details").path("cause").asString())
                .isEqualTo(withdrawn.json().path("eventId").asString());
    }

    @Test
    void withdrawingNeedsNoNoticeAndAlwaysSucceeds() {
        String user = newUser("never-asked");
        Api.Response withdrawn = withdraw(token(user), "original_retention");

        assertThat(withdrawn.status()).isEqualTo(200);
        assertThat(withdrawn.json().path("state").asString()).isEqualTo("WITHDRAWN");
        assertThat(decisions(user)).isEqualTo(1);
    }

    @Test
    void historyIsTheHashChainOldestFirstInPagesAndVerifies() throws Exception {
        String user = newUser("chain");
        String token = token(user);
        for (int i = 0; i < 3; i++) {
            give(token, "cloud_processing");
            withdraw(token, "cloud_processing");
            awaitPurged(user); // consent can be given again once the withdrawal's purge has finished
        }

        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        JsonNode page;
        do {
            page = api.get("/v1/consent/history?limit=4" + (cursor == null ? "" : "&cursor=" + cursor))
                    .token(token)
                    .send()
                    .json();
            page.path("items").forEach(items::add);
            cursor = page.get("nextCursor").isNull()
                    ? null
                    : page.get("nextCursor").asString();
        } while (cursor != null);

        assertThat(items).as("3 x (GIVEN, WITHDRAWN, DATA_PURGED)").hasSize(9);
        String previous = "0".repeat(64);
        for (int i = 0; i < items.size(); i++) {
            assertThat(items.get(i).path("seq").asLong()).isEqualTo(i + 1);
            assertThat(items.get(i).path("prevHash").asString()).isEqualTo(previous);
            previous = items.get(i).path("hash").asString();
        }
        assertThat(page.path("chain").path("valid").asBoolean()).isTrue();
        assertThat(page.path("chain").path("length").asLong()).isEqualTo(9);
        assertThat(page.path("chain").path("headHash").asString()).isEqualTo(previous);
    }

    @Test
    void receiptsAreCompactJwsVerifiableWithThePublishedKeys() throws Exception {
        String user = newUser("receipt");
        String token = token(user);
        String eventId = give(token, "cloud_processing").json().path("eventId").asString();

        Api.Response receipt =
                api.get("/v1/consent/receipts/" + eventId).token(token).send();
        Api.Response jwks = api.get("/v1/consent/receipts/jwks.json").send();

        assertThat(receipt.status()).isEqualTo(200);
        assertThat(jwks.status()).as("the key set needs no token").isEqualTo(200);
        JWSObject jws = JWSObject.parse(receipt.json().path("jws").asString());
        ECKey key = JWKSet.parse(jwks.body())
                .getKeyByKeyId(jws.getHeader().getKeyID())
                .toECKey();
        assertThat(key.isPrivate()).isFalse();
        assertThat(jws.verify(new ECDSAVerifier(key))).isTrue();

        Map<String, Object> payload = jws.getPayload().toJSONObject();
        JsonNode event = api.get("/v1/consent/history")
                .token(token)
                .send()
                .json()
                .path("items")
                .get(0);
        assertThat(payload)
                .containsEntry("receiptId", eventId)
                .containsEntry("subject", user)
                .containsEntry("purpose", "cloud_processing")
                .containsEntry("state", "GIVEN")
                .containsEntry("noticeVersion", currentNotice("cloud_processing", "en"))
                .containsEntry("occurredAt", event.path("occurredAt").asString())
                .containsEntry("hash", event.path("hash").asString())
                .containsKey("controller");
    }

    @Test
    void anotherUsersReceiptIsNotFound() {
        String eventId = give(token(newUser("owner")), "cloud_processing")
                .json()
                .path("eventId")
                .asString();

        Api.Response stranger = api.get("/v1/consent/receipts/" + eventId)
                .token(token(newUser("stranger")))
                .send();

        assertThat(stranger.status()).isEqualTo(404);
        assertThat(stranger.problem()).isEqualTo("not-found");
        assertThat(api.get("/v1/consent/receipts/not-an-id")
                        .token(token(newUser("x")))
                        .send()
                        .status())
                .isEqualTo(404);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
