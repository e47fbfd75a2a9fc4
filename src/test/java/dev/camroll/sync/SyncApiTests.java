package dev.camroll.sync;

import java.util.ArrayList;
import java.util.Map;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static dev.camroll.sync.Manifests.photo;
import static dev.camroll.sync.Manifests.video;
import static org.assertj.core.api.Assertions.assertThat;

class SyncApiTests extends EndToEndTest {

    static final Map<String, String> IPHONE = Map.of(
            "platform",
            "ios",
            "appVersion",
            "1.4.0",
            "model",
            "iPhone15,2",
            "osVersion",
            "18.1",
            "photoLibraryAccess",
            "limited");

    @Test
    void aDeviceIsCreatedThenUpdated() {
        String token = token(newUser("owner"));

        Api.Response created =
                api.put("/v1/devices/iphone.1", IPHONE).token(token).send();
        Api.Response updated = api.put(
                        "/v1/devices/iphone.1",
                        Map.of("platform", "ios", "appVersion", "1.5.0", "photoLibraryAccess", "full"))
                .token(token)
                .send();

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("photoLibraryAccess").asString()).isEqualTo("limited");
        assertThat(updated.status()).isEqualTo(200);
        JsonNode device = api.get("/v1/devices/iphone.1").token(token).send().json();
        assertThat(device.path("appVersion").asString()).isEqualTo("1.5.0");
        assertThat(device.path("photoLibraryAccess").asString()).isEqualTo("full");
        assertThat(device.path("registeredAt").asString())
                .isEqualTo(created.json().path("registeredAt").asString());
    }

    @Test
    void badDeviceRegistrationsAreInvalidAndNamed() {
        String token = token(newUser("owner"));

        Api.Response badId =
                api.put("/v1/devices/has%20space", IPHONE).token(token).send();
        Api.Response longId =
                api.put("/v1/devices/" + "d".repeat(65), IPHONE).token(token).send();
        Api.Response badPlatform = api.put(
                        "/v1/devices/phone",
                        Map.of("platform", "symbian", "appVersion", "1", "photoLibraryAccess", "full"))
                .token(token)
                .send();
        Api.Response missingAccess = api.put("/v1/devices/phone", Map.of("platform", "ios", "appVersion", "1"))
                .token(token)
                .send();

        assertThat(badId.json().path("field").asString()).isEqualTo("deviceId");
        assertThat(longId.json().path("field").asString()).isEqualTo("deviceId");
        assertThat(badPlatform.json().path("field").asString()).isEqualTo("platform");
        assertThat(missingAccess.json().path("field").asString()).isEqualTo("photoLibraryAccess");
        for (Api.Response r : new Api.Response[] {badId, longId, badPlatform, missingAccess}) {
            assertThat(r.status()).isEqualTo(400);
        }
        assertThat(api.get("/v1/devices/phone").token(token).send().status()).isEqualTo(404);
    }

    @Test
    void thePolicySaysWhetherSyncIsAllowedAndWhy() {
        String token = token(newUser("owner"));
        api.put("/v1/devices/phone", IPHONE).token(token).send();

        JsonNode before =
                api.get("/v1/sync/policy?deviceId=phone").token(token).send().json();
        give(token, "cloud_processing");
        JsonNode after =
                api.get("/v1/sync/policy?deviceId=phone").token(token).send().json();

        assertThat(before.path("syncAllowed").asBoolean()).isFalse();
        assertThat(before.path("reason").asString()).isEqualTo("consent-required");
        assertThat(after.path("syncAllowed").asBoolean()).isTrue();
        assertThat(after.get("reason").isNull()).isTrue();
        assertThat(after.path("maxItemsPerBatch").asInt()).isEqualTo(500);
        assertThat(after.path("acceptedMimeTypes").toString()).contains("image/heic", "video/quicktime");
        assertThat(after.has("retryAfterSeconds")).isTrue();
        assertThat(api.get("/v1/sync/policy?deviceId=unknown")
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @Test
    void aBatchNeedsConsentAndARegisteredDevice() {
        String user = newUser("owner");
        String token = token(user);
        api.put("/v1/devices/phone", IPHONE).token(token).send();

        Api.Response noConsent = api.post("/v1/devices/phone/batches", Manifests.of(photo("a")))
                .token(token)
                .send();
        give(token, "cloud_processing");
        Api.Response unknownDevice = api.post("/v1/devices/tablet/batches", Manifests.of(photo("a")))
                .token(token)
                .send();

        assertThat(noConsent.status()).isEqualTo(403);
        assertThat(noConsent.problem()).isEqualTo("consent-required");
        assertThat(unknownDevice.status()).isEqualTo(404);
        assertThat(batchCount(user)).isZero();
    }

    @Test
    void eachLineIsAnsweredUploadDuplicateOrRejected() {
        String user = newUser("owner");
        String token = readyToSync(user);
        Manifests.Line first = photo("IMG_0001");
        Manifests.Line again = photo("IMG_0001-copy").sha(first.sha());
        Manifests.Line bitmap = photo("IMG_0002.bmp").type("image/bmp");
        Manifests.Line mislabelled = video("IMG_0003").type("image/jpeg");
        Manifests.Line huge = video("MOV_0004").size(5L * 1024 * 1024 * 1024);
        Manifests.Line movie = video("MOV_0005").size(40_000_000);

        Api.Response created = api.post(
                        "/v1/devices/phone/batches", Manifests.of(first, again, bitmap, mislabelled, huge, movie))
                .token(token)
                .send();

        assertThat(created.status()).isEqualTo(201);
        JsonNode items = created.json().path("items");
        assertThat(items.get(0).path("disposition").asString()).isEqualTo("upload");
        assertThat(items.get(0).path("upload").path("url").asString())
                .matches("http://localhost:" + port + "/v1/uploads/[0-9a-f-]{36}");
        assertThat(items.get(0).path("upload").path("expiresAt").asString()).isNotBlank();
        // Not stored yet, so not a duplicate: the same upload, which either line's file may finish.
        assertThat(items.get(1).path("disposition").asString()).isEqualTo("upload");
        assertThat(items.get(1).path("mediaId").asString())
                .isEqualTo(items.get(0).path("mediaId").asString());
        assertThat(items.get(1).path("upload")).isEqualTo(items.get(0).path("upload"));
        assertThat(items.get(2).path("disposition").asString()).isEqualTo("rejected");
        assertThat(items.get(2).path("problem").path("type").asString()).endsWith("/problems/unsupported-media-type");
        assertThat(items.get(3).path("problem").path("type").asString()).endsWith("/problems/unsupported-media-type");
        assertThat(items.get(4).path("problem").path("type").asString()).endsWith("/problems/file-too-large");
        assertThat(items.get(5).path("disposition").asString()).isEqualTo("upload");
        assertThat(created.json().path("policy").path("syncAllowed").asBoolean())
                .isTrue();
        assertThat(created.header("Location"))
                .endsWith("/v1/devices/phone/batches/"
                        + created.json().path("batchId").asString());
    }

    @Test
    void contentAnnouncedFromAnyDeviceSharesOneUploadButOtherUsersAreSeparate() {
        String user = newUser("owner");
        String token = readyToSync(user);
        api.put("/v1/devices/tablet", Map.of("platform", "android", "appVersion", "2.0", "photoLibraryAccess", "full"))
                .token(token)
                .send();
        Manifests.Line photo = photo("IMG_0001");
        JsonNode fromPhone = api.post("/v1/devices/phone/batches", Manifests.of(photo))
                .token(token)
                .send()
                .json();

        JsonNode fromTablet = api.post(
                        "/v1/devices/tablet/batches",
                        Manifests.of(photo("content://media/7").sha(photo.sha())))
                .token(token)
                .send()
                .json();
        String stranger = readyToSync(newUser("stranger"));
        JsonNode fromStranger = api.post(
                        "/v1/devices/phone/batches",
                        Manifests.of(photo("IMG_0001").sha(photo.sha())))
                .token(stranger)
                .send()
                .json();

        assertThat(fromTablet.path("items").get(0).path("disposition").asString())
                .isEqualTo("upload");
        assertThat(fromTablet.path("items").get(0).path("mediaId").asString())
                .isEqualTo(fromPhone.path("items").get(0).path("mediaId").asString());
        assertThat(fromTablet.path("items").get(0).path("upload").path("url").asString())
                .isEqualTo(fromPhone
                        .path("items")
                        .get(0)
                        .path("upload")
                        .path("url")
                        .asString());
        assertThat(fromStranger.path("items").get(0).path("disposition").asString())
                .isEqualTo("upload");
    }

    @Test
    void badManifestsAreInvalidAndWriteNothing() {
        String user = newUser("owner");
        String token = readyToSync(user);
        ArrayList<Manifests.Line> tooMany = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            tooMany.add(photo("IMG_" + i));
        }

        Api.Response overlong = api.post(
                        "/v1/devices/phone/batches", Manifests.of(tooMany.toArray(Manifests.Line[]::new)))
                .token(token)
                .send();
        Api.Response badSha = api.post(
                        "/v1/devices/phone/batches", Manifests.of(photo("a").sha("xyz")))
                .token(token)
                .send();
        Api.Response noSize = api.post(
                        "/v1/devices/phone/batches", Manifests.of(photo("a").set("size", null)))
                .token(token)
                .send();
        Api.Response badKind = api.post(
                        "/v1/devices/phone/batches", Manifests.of(photo("a").set("kind", "audio")))
                .token(token)
                .send();
        Api.Response twice = api.post("/v1/devices/phone/batches", Manifests.of(photo("a"), photo("a")))
                .token(token)
                .send();
        Api.Response empty = api.post("/v1/devices/phone/batches", Map.of("items", new Object[0]))
                .token(token)
                .send();

        assertThat(overlong.json().path("field").asString()).isEqualTo("items");
        assertThat(badSha.json().path("field").asString()).isEqualTo("items[0].sha256");
        assertThat(noSize.json().path("field").asString()).isEqualTo("items[0].size");
        assertThat(badKind.json().path("field").asString()).isEqualTo("items[0].kind");
        assertThat(twice.json().path("field").asString()).isEqualTo("items[1].clientAssetId");
        assertThat(empty.json().path("field").asString()).isEqualTo("items");
        for (Api.Response r : new Api.Response[] {overlong, badSha, noSize, badKind, twice, empty}) {
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.problem()).isEqualTo("invalid-request");
        }
        assertThat(batchCount(user)).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM uploads WHERE subject = ?", Integer.class, user))
                .isZero();
    }

    @Test
    void aRepeatedManifestWithTheSameIdempotencyKeyCreatesOneBatch() {
        String user = newUser("owner");
        String token = readyToSync(user);
        Map<String, Object> manifest = Manifests.of(photo("IMG_1"), photo("IMG_2"));

        Api.Response first = api.post("/v1/devices/phone/batches", manifest)
                .token(token)
                .header("Idempotency-Key", "run-42")
                .send();
        Api.Response retry = api.post("/v1/devices/phone/batches", manifest)
                .token(token)
                .header("Idempotency-Key", "run-42")
                .send();

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.json().path("batchId").asString())
                .isEqualTo(first.json().path("batchId").asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(batchCount(user)).isEqualTo(1);
    }

    @Test
    void theBatchStatusFollowsEveryLine() {
        String user = newUser("owner");
        String token = readyToSync(user);
        Manifests.Line photo = photo("IMG_1");
        JsonNode created = api.post(
                        "/v1/devices/phone/batches",
                        Manifests.of(
                                photo,
                                photo("IMG_1-again").sha(photo.sha()),
                                photo("x.bmp").type("image/bmp")))
                .token(token)
                .send()
                .json();
        String path = "/v1/devices/phone/batches/" + created.path("batchId").asString();

        JsonNode status = api.get(path).token(token).send().json();

        assertThat(status.path("state").asString()).isEqualTo("open");
        assertThat(status.path("items").get(0).path("state").asString()).isEqualTo("awaiting_upload");
        assertThat(status.path("items").get(0).path("bytesReceived").asLong()).isZero();
        assertThat(status.path("items").get(1).path("state").asString()).isEqualTo("awaiting_upload");
        assertThat(status.path("items"))
                .as("the rejected line was never accepted: not kept, not listed")
                .hasSize(2);
        assertThat(status.path("rejectedItems").asInt()).isEqualTo(1);
        assertThat(api.get(path).token(token(newUser("stranger"))).send().status())
                .isEqualTo(404);
        assertThat(api.get(path.replace("/phone/", "/tablet/"))
                        .token(token)
                        .send()
                        .status())
                .isEqualTo(404);
        assertThat(api.get("/v1/devices/phone/batches/nope").token(token).send().status())
                .isEqualTo(404);
    }

    @Test
    void theApiDocumentSaysDuplicateMeansStoredAndAnnouncedContentSharesItsUpload() {
        JsonNode batches = api.get("/v3/api-docs").send().json().path("paths").path("/v1/devices/{deviceId}/batches");

        assertThat(batches.path("post").path("description").asString())
                .contains("duplicate: the user has media with that sha256 stored", "the line gets that same upload");
    }

    private String readyToSync(String user) {
        String token = token(user);
        give(token, "cloud_processing");
        assertThat(api.put("/v1/devices/phone", IPHONE).token(token).send().status())
                .isEqualTo(201);
        return token;
    }

    private int batchCount(String user) {
        return jdbc.queryForObject("SELECT count(*) FROM batches WHERE subject = ?", Integer.class, user);
    }
}
