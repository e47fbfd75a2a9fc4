package dev.camroll.api;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.networknt.schema.Error;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.camroll.media.MediaSamples;
import dev.camroll.runtime.CamrollSettings;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The OpenAPI document against the service's real answers: one scenario drives every operation of the document over
 * HTTP (successes and the usual refusals), and every answer's status must be declared for its operation and its body
 * must match the schema declared for its status and media type.
 */
class OpenApiConformanceTests extends EndToEndTest {

    @Autowired
    CamrollSettings settings;

    /** Operations of the document the scenario does not drive, each with the reason. None today. */
    private static final Map<String, String> NOT_DRIVEN = Map.of();

    private static final String REASON = "TICKET-4711 checking the API document";

    private Contract contract;

    private String user;

    private String token;

    private int seed;

    @BeforeEach
    void readTheDocument() {
        contract = new Contract(api.get("/v3/api-docs").send().json());
        user = newUser("conformer");
        token = token(user);
    }

    @Test
    void everyOperationAnswersOnlyStatusesAndBodiesTheDocumentDeclares() {
        String other = token(newUser("other"));
        String staff = token(newUser("staff"), "support");
        String admin = token(newUser("admin"), "support", "admin");

        // Identity and consent, before anything is given: the purposes' states are null where nothing was decided.
        call(api.devToken(settings.dataDir(), Map.of("sub", newUser("minted"))));
        call(api.devToken(settings.dataDir(), "{\"sub\":").header("Content-Type", "application/json"));
        call(api.post("/dev/tokens", Map.of("sub", newUser("minted"))));
        JsonNode purposes =
                call(api.get("/v1/consent/purposes?locale=de").token(token)).json();
        String notice = purposes.valueStream()
                .filter(p -> p.path("purpose").asString().equals("cloud_processing"))
                .findFirst()
                .orElseThrow()
                .path("noticeVersion")
                .asString();
        call(api.get("/v1/consent/notices/" + notice).token(token));
        call(api.get("/v1/consent/notices/" + "0".repeat(64)).token(token));
        call(api.get("/v1/consent").token(token));
        call(api.get("/v1/consent").header("Authorization", "Bearer not-a-token"));
        call(api.get("/v1/me/occasions").token(token));
        call(api.put("/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", "f".repeat(64)))
                .token(token));
        call(api.put(
                        "/v1/consent/location_analysis",
                        Map.of("state", "GIVEN", "noticeVersion", currentNotice("location_analysis", "en")))
                .token(token));
        call(api.put("/v1/consent/face_recognition", Map.of("state", "WITHDRAWN"))
                .token(token));
        JsonNode given = call(api.put("/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", notice))
                        .token(token))
                .json();
        call(api.put(
                        "/v1/consent/location_analysis",
                        Map.of("state", "GIVEN", "noticeVersion", currentNotice("location_analysis", "en")))
                .token(token));
        call(api.put("/v1/consent/original_retention", Map.of("state", "WITHDRAWN"))
                .token(token));
        call(api.get("/v1/consent").token(token));
        call(api.get("/v1/consent/receipts/" + given.path("eventId").asString()).token(token));
        call(api.get("/v1/consent/receipts/" + given.path("eventId").asString()).token(other));
        call(api.get("/v1/consent/receipts/jwks.json"));
        call(api.get("/v1/consent/receipts/jwks.json").header("Authorization", "Bearer not-a-token"));
        call(api.get("/v1/consent/history?limit=1").token(token));
        // The transparency log, public: checkpoint, key, consistency proofs (its tiles, whose C2SP paths OpenAPI cannot
        // template, are left out of the document and tested in TransparencyLogTests).
        long logSize = Long.parseLong(
                call(api.get("/v1/consent/log/checkpoint")).body().split("\n")[1]);
        call(api.get("/v1/consent/log/key"));
        call(api.get("/v1/consent/log/consistency?from=1&to=" + logSize));
        call(api.get("/v1/consent/log/consistency?from=" + (logSize + 1)));

        // Devices and a batch: five photos of one afternoon (a collage), one sent through tus creation, one ended
        // before its bytes came, and a line of a type the service does not take.
        call(api.put("/v1/devices/phone", TusUploads.PHONE).token(token));
        call(api.put("/v1/devices/phone", TusUploads.PHONE).token(token));
        call(api.get("/v1/devices/phone").token(token));
        call(api.get("/v1/devices/phone").token(token).header("Accept", "image/png"));
        call(api.put("/v1/devices/phone", "platform=ios").token(token).header("Content-Type", "text/plain"));
        call(api.put("/v1/devices/phone", "{\"appVersion\":\"" + "x".repeat(2_000_000) + "\"}")
                .token(token));
        call(api.get("/v1/devices/tablet").token(token));
        call(api.get("/v1/sync/policy?deviceId=phone").token(token));
        call(api.get("/v1/sync/policy").token(other));
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            photos.add(MediaSamples.exif()
                    .takenAt("2025:06:14 15:0" + i + ":00")
                    .gps(47.37, 8.54)
                    .into(MediaSamples.jpeg(MediaSamples.photo(640, 480, 900 + seed++))));
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            lines.add(line("IMG_" + i, photos.get(i), "image/jpeg"));
        }
        lines.add(line("NOTES", "not a photo".getBytes(StandardCharsets.UTF_8), "text/plain"));
        call(api.post("/v1/devices/tablet/batches", Map.of("items", lines)).token(token));
        call(api.post("/v1/devices/phone/batches", Map.of("items", lines)).token(other));
        JsonNode batch = call(api.post("/v1/devices/phone/batches", Map.of("items", lines))
                        .token(token))
                .json();
        String batchId = batch.path("batchId").asString();
        List<String> uploads = new ArrayList<>();
        for (int i = 0; i < photos.size(); i++) {
            String url = batch.path("items").get(i).path("upload").path("url").asString();
            uploads.add(url.substring(url.indexOf("/v1/")));
        }

        call(api.request("OPTIONS", "/v1/uploads"));
        call(api.request("OPTIONS", uploads.get(0)));
        Api.Response created = call(api.request("POST", "/v1/uploads")
                .token(token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", String.valueOf(photos.get(0).length))
                .header("Upload-Metadata", "batchId " + base64(batchId) + ",clientAssetId " + base64("IMG_0")));
        String first =
                created.header("Location").substring(created.header("Location").indexOf("/v1/"));
        call(api.request("HEAD", first).token(token).header("Tus-Resumable", "1.0.0"));
        call(api.request("HEAD", first).token(token));
        call(patch(first, 100, photos.get(0)));
        call(patch(first, 0, photos.get(0)).header("Upload-Checksum", "md5 AAAA"));
        call(patch(first, 0, photos.get(0)));
        // The IETF draft and a plain PUT on the same upload resources.
        call(api.request("PUT", uploads.get(1)).token(token).bytes(photos.get(1)));
        call(api.request("POST", uploads.get(2))
                .token(token)
                .header("Upload-Draft-Interop-Version", "8")
                .header("Upload-Complete", "?1")
                .bytes(photos.get(2)));
        call(api.request("HEAD", uploads.get(2)).token(token).header("Upload-Draft-Interop-Version", "8"));
        call(api.request("PATCH", uploads.get(2))
                .token(token)
                .header("Upload-Draft-Interop-Version", "8")
                .header("Upload-Complete", "?1")
                .header("Upload-Offset", String.valueOf(photos.get(2).length))
                .header("Content-Type", "application/partial-upload")
                .bytes(new byte[0]));
        for (int i = 3; i < 6; i++) {
            call(patch(uploads.get(i), 0, photos.get(i)));
        }
        call(api.request("DELETE", uploads.get(6)).token(token).header("Tus-Resumable", "1.0.0"));
        call(api.request("HEAD", uploads.get(6)).token(token).header("Tus-Resumable", "1.0.0"));
        call(api.request("DELETE", uploads.get(6)).token(other).header("Tus-Resumable", "1.0.0"));
        call(api.get("/v1/devices/phone/batches/" + batchId).token(token));
        call(api.get("/v1/devices/phone/batches/" + batchId).token(other));

        // An upload slot (no bearer token): its offset, a refused append, its cancellation, and what answers after it.
        byte[] slotted = MediaSamples.jpeg(MediaSamples.photo(64, 48, 990 + seed++));
        JsonNode slotBatch = call(api.post(
                                "/v1/devices/phone/batches",
                                Map.of("items", List.of(line("SLOT_0", slotted, "image/jpeg")), "uploadSlots", true))
                        .token(token))
                .json();
        String slotUrl = slotBatch
                .path("items")
                .get(0)
                .path("upload")
                .path("slot")
                .path("url")
                .asString();
        String slot = slotUrl.substring(slotUrl.indexOf("/v1/"));
        call(api.request("HEAD", slot).header("Upload-Draft-Interop-Version", "8"));
        call(api.request("PATCH", slot)
                .header("Upload-Draft-Interop-Version", "8")
                .header("Upload-Offset", "7")
                .header("Upload-Complete", "?1")
                .header("Content-Type", "application/partial-upload")
                .bytes(slotted));
        call(api.request("DELETE", slot).header("Upload-Draft-Interop-Version", "8"));
        call(api.request("PUT", slot).header("Content-Type", "image/jpeg").bytes(slotted));
        call(api.request("POST", slot.substring(0, slot.length() - 4) + "AAAA")
                .header("Content-Type", "image/jpeg")
                .bytes(slotted));

        // Media, once analysed.
        await("six processed photos")
                .atMost(Duration.ofSeconds(90))
                .until(() -> api.get("/v1/media")
                                .token(token)
                                .send()
                                .json()
                                .path("items")
                                .valueStream()
                                .filter(m -> m.path("state").asString().equals("processed"))
                                .count()
                        == 6);
        JsonNode media = call(api.get("/v1/media?limit=2").token(token)).json();
        call(api.get("/v1/media?cursor=" + media.path("nextCursor").asString()).token(token));
        String mediaId = media.path("items").get(0).path("mediaId").asString();
        call(api.get("/v1/media/" + mediaId).token(token));
        call(api.get("/v1/media/" + mediaId).token(other));
        call(api.get("/v1/media/" + mediaId + "/thumbnail").token(token));
        call(api.get("/v1/media/" + mediaId + "/preview").token(token));
        call(api.get("/v1/media/" + mediaId + "/preview").token(other));
        call(api.get("/v1/media?limit=1000").token(token));

        // Suggestions: the afternoon's collage, its image, the changes feed and feedback.
        JsonNode collage = await("the rendered collage")
                .atMost(Duration.ofSeconds(90))
                .until(
                        () -> api.get("/v1/suggestions")
                                .token(token)
                                .send()
                                .json()
                                .path("items")
                                .valueStream()
                                .filter(s -> s.path("kind").asString().equals("COLLAGE") && s.has("imageUrl"))
                                .findFirst()
                                .orElse(null),
                        found -> found != null);
        String suggestionId = collage.path("suggestionId").asString();
        Api.Response listed = call(api.get("/v1/suggestions").token(token));
        call(api.get("/v1/suggestions").token(token).header("If-None-Match", listed.header("ETag")));
        call(api.get("/v1/suggestions?kind=POSTER").token(token));
        call(api.get("/v1/suggestions/" + suggestionId).token(token));
        call(api.get("/v1/suggestions/" + suggestionId).token(other));
        Api.Response image =
                call(api.get("/v1/suggestions/" + suggestionId + "/image").token(token));
        call(api.get("/v1/suggestions/" + suggestionId + "/image")
                .token(token)
                .header("If-None-Match", image.header("ETag")));
        call(api.get("/v1/suggestions/changes").token(token));
        call(api.get("/v1/suggestions/changes?since=!!!").token(token));
        call(api.post("/v1/suggestions/" + suggestionId + "/feedback", Map.of("action", "seen"))
                .token(token));
        call(api.post("/v1/suggestions/" + suggestionId + "/feedback", Map.of("action", "dismissed"))
                .token(token));
        call(api.post("/v1/suggestions/" + suggestionId + "/feedback", Map.of("action", "saved"))
                .token(token));
        call(api.post("/v1/suggestions/" + suggestionId + "/feedback", Map.of("action", "framed"))
                .token(token));

        // Occasions, with an Idempotency-Key reused for another body.
        List<Map<String, Object>> occasions = List.of(Map.of("label", "Mum", "kind", "birthday", "month", 5, "day", 3));
        call(api.put("/v1/me/occasions", occasions).token(token).header("Idempotency-Key", "occasions-1"));
        call(api.put("/v1/me/occasions", List.of()).token(token).header("Idempotency-Key", "occasions-1"));
        call(api.put("/v1/me/occasions", List.of(Map.of("label", "Nobody", "kind", "birthday", "month", 2, "day", 30)))
                .token(token));
        call(api.get("/v1/me/occasions").token(token));

        // Support, with and without a reason and the role; the user sees the accesses.
        String support = "/v1/support/users/" + user + "/consent";
        call(api.get(support).token(staff).header("X-Access-Reason", REASON));
        call(api.get(support).token(staff));
        call(api.get(support).token(token).header("X-Access-Reason", REASON));
        call(api.get("/v1/support/users/nobody-" + user + "/consent")
                .token(staff)
                .header("X-Access-Reason", REASON));
        call(api.get("/v1/support/access-log?userId=" + user).token(admin).header("X-Access-Reason", REASON));
        call(api.get("/v1/support/access-log").token(staff).header("X-Access-Reason", REASON));
        call(api.post(support + "/location_analysis/revoke", Map.of("reason", "The user asked by e-mail"))
                .token(staff)
                .header("X-Access-Reason", REASON));
        call(api.post(support + "/location_analysis/revoke", Map.of())
                .token(staff)
                .header("X-Access-Reason", REASON));
        call(api.get("/v1/me/access-log").token(token));

        // The user's own data: the export, a deletion, the erasure, and what answers after it.
        call(api.get("/v1/me/export").token(token));
        call(api.request("DELETE", "/v1/media/" + mediaId).token(token));
        call(api.request("DELETE", "/v1/media/" + mediaId).token(token));
        String purgeId = call(api.request("DELETE", "/v1/me").token(token))
                .json()
                .path("purgeId")
                .asString();
        call(api.get("/v1/me/purges/" + purgeId).token(token));
        call(api.put("/v1/me/occasions", occasions).token(token));
        call(api.put("/v1/consent/cloud_processing", Map.of("state", "GIVEN", "noticeVersion", notice))
                .token(token));
        call(api.get("/v1/me/export").token(token));

        // The erasure's purge once finished: the keys it deleted, a proof of one, and what is not proven.
        awaitPurged(user);
        JsonNode purge = call(api.get("/v1/me/purges/" + purgeId).token(token)).json();
        String purgePath = "/v1/me/purges/" + purgeId;
        call(api.get(purgePath + "/keys/proof?key=" + purge.path("keys").get(0).asString())
                .token(token));
        call(api.get(purgePath + "/keys/proof?key=u/nothing").token(token));
        call(api.get(purgePath + "/keys/proof").token(token));
        call(api.get(purgePath).token(other));
        call(api.get("/v1/me/export").token(token));

        contract.seen.forEach((operation, statuses) -> System.out.println("driven: " + operation + " " + statuses));
        assertThat(contract.failures)
                .as("answers the document does not declare")
                .isEmpty();
        Set<String> expected = new TreeSet<>(contract.operations());
        expected.removeAll(NOT_DRIVEN.keySet());
        assertThat(contract.covered).as("operations driven").containsExactlyElementsOf(expected);
    }

    @Test
    void theDocumentNamesNoPrincipalParameterAndDeclaresNullsAndLocalTimesTruthfully() {
        JsonNode document = api.get("/v3/api-docs").send().json();
        List<String> principals = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(op -> op.getValue().path("parameters").forEach(parameter -> {
                            if (parameter.path("in").asString().equals("query")
                                    && Set.of("caller", "staff", "admin", "jwt")
                                            .contains(parameter.path("name").asString())) {
                                principals.add(op.getKey() + " " + path.getKey());
                            }
                        })));
        JsonNode schemas = document.path("components").path("schemas");

        assertThat(principals).isEmpty();
        assertThat(schemas.has("Caller")).isFalse();
        assertThat(schemas.path("PageMediaItem")
                        .path("properties")
                        .path("nextCursor")
                        .path("type")
                        .toString())
                .isEqualTo("[\"string\",\"null\"]");
        assertThat(schemas.path("Policy")
                        .path("properties")
                        .path("retryAfterSeconds")
                        .path("type")
                        .toString())
                .isEqualTo("[\"integer\",\"null\"]");
        JsonNode local = schemas.path("MediaItem").path("properties").path("capturedAtLocal");
        assertThat(local.path("format").isMissingNode()).as(local.toString()).isTrue();
        assertThat("2008-10-22T16:28:39").matches(local.path("pattern").asString());
        assertThat("2008-10-22T16:28:39Z").doesNotMatch(local.path("pattern").asString());
        JsonNode options = document.path("paths").path("/v1/uploads/{uploadId}").path("options");
        assertThat(options.path("parameters").toString()).contains("\"name\":\"uploadId\"", "\"in\":\"path\"");
        assertThat(document.path("paths").path("/dev/tokens").propertyNames()).containsExactly("post");
        JsonNode patch = document.path("paths").path("/v1/uploads/{uploadId}").path("patch");
        assertThat(patch.path("requestBody").path("content").has("application/offset+octet-stream"))
                .isTrue();
        assertThat(patch.path("parameters").toString())
                .contains("\"name\":\"Tus-Resumable\"", "\"name\":\"Upload-Offset\"");
    }

    @Test
    void theCheckFailsOnAnUndeclaredStatusAnUndeclaredMediaTypeAndABodyOffItsSchema() {
        java.net.http.HttpHeaders json = java.net.http.HttpHeaders.of(
                Map.of("Content-Type", List.of("application/json")), (name, value) -> true);

        contract.check("GET", "/v1/media?limit=1", new Api.Response(200, json, "{\"items\":[],\"nextCursor\":null}"));
        contract.check("GET", "/v1/sync/policy", new Api.Response(200, json, "{\"syncAllowed\":\"yes\"}"));
        contract.check(
                "GET",
                "/v1/media",
                new Api.Response(
                        200, json, "{\"items\":[{\"capturedAt\":\"2008-10-22T16:28:39\"}],\"nextCursor\":null}"));
        contract.check("GET", "/v1/consent", new Api.Response(418, json, "{}"));
        contract.check(
                "GET",
                "/v1/consent",
                new Api.Response(
                        200,
                        java.net.http.HttpHeaders.of(
                                Map.of("Content-Type", List.of("text/html")), (name, value) -> true),
                        "<html></html>"));
        contract.check("GET", "/v1/nothing", new Api.Response(404, json, "{}"));

        assertThat(contract.failures).hasSize(5);
        assertThat(contract.failures.get(0)).contains("/syncAllowed");
        assertThat(contract.failures.get(1)).contains("/items/0/capturedAt");
        assertThat(contract.failures.get(2)).contains("418", "status not declared");
        assertThat(contract.failures.get(3)).contains("text/html not declared");
        assertThat(contract.failures.get(4)).contains("no such operation");
    }

    private Api.Request patch(String path, long offset, byte[] bytes) {
        return api.request("PATCH", path)
                .token(token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", String.valueOf(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .bytes(bytes);
    }

    private static Map<String, Object> line(String clientAssetId, byte[] content, String mimeType) {
        return Map.of(
                "clientAssetId",
                clientAssetId,
                "sha256",
                TestFiles.sha256(content),
                "size",
                content.length,
                "mimeType",
                mimeType,
                "kind",
                "photo");
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

    private Api.Response call(Api.Request request) {
        Api.Response response = request.send();
        contract.check(request.method(), request.path(), response);
        return response;
    }

    /**
     * The operations of an OpenAPI document, each answer checked against them: its status declared for its
     * operation, its media type declared for that status, and (JSON) its body valid against the schema declared.
     */
    static final class Contract {

        private static final Pattern VARIABLE = Pattern.compile("\\{[^/}]+}");

        private record Operation(String method, String template, Pattern pattern, int variables, JsonNode node) {

            String key() {
                return method + " " + template;
            }
        }

        private final JsonNode document;

        private final List<Operation> operations = new ArrayList<>();

        private final SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());

        final Set<String> covered = new TreeSet<>();

        final List<String> failures = new ArrayList<>();

        /** The statuses seen per operation, for the test's output. */
        final Map<String, Set<Integer>> seen = new java.util.TreeMap<>();

        Contract(JsonNode document) {
            this.document = document;
            document.path("paths")
                    .properties()
                    .forEach(path -> path.getValue().properties().forEach(op -> {
                        String template = path.getKey();
                        StringBuilder regex = new StringBuilder();
                        Matcher variable = VARIABLE.matcher(template);
                        int end = 0;
                        int variables = 0;
                        while (variable.find()) {
                            regex.append(Pattern.quote(template.substring(end, variable.start())))
                                    .append("[^/]+");
                            end = variable.end();
                            variables++;
                        }
                        regex.append(Pattern.quote(template.substring(end)));
                        operations.add(new Operation(
                                op.getKey().toUpperCase(Locale.ROOT),
                                template,
                                Pattern.compile(regex.toString()),
                                variables,
                                op.getValue()));
                    }));
        }

        Set<String> operations() {
            Set<String> keys = new TreeSet<>();
            operations.forEach(o -> keys.add(o.key()));
            return keys;
        }

        void check(String method, String pathAndQuery, Api.Response response) {
            String path =
                    pathAndQuery.contains("?") ? pathAndQuery.substring(0, pathAndQuery.indexOf('?')) : pathAndQuery;
            // A literal segment wins over a variable (/v1/suggestions/changes over /v1/suggestions/{suggestionId}).
            Operation operation = operations.stream()
                    .filter(o -> o.method().equals(method)
                            && o.pattern().matcher(path).matches())
                    .min(Comparator.comparingInt(Operation::variables))
                    .orElse(null);
            String answer = method + " " + pathAndQuery + " -> " + response.status();
            if (operation == null) {
                failures.add(answer + ": no such operation in the document");
                return;
            }
            covered.add(operation.key());
            seen.computeIfAbsent(operation.key(), key -> new TreeSet<>()).add(response.status());
            JsonNode declared = operation.node().path("responses").path(String.valueOf(response.status()));
            if (declared.isMissingNode()) {
                failures.add(
                        answer + ": status not declared for " + operation.key() + " (" + abbreviated(response) + ")");
                return;
            }
            if (method.equals("HEAD") || response.body().isEmpty()) {
                return;
            }
            String contentType = response.header("Content-Type");
            String mediaType = contentType == null
                    ? "(none)"
                    : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
            JsonNode content = declared.path("content").path(mediaType);
            if (content.isMissingNode()) {
                failures.add(answer + ": " + mediaType + " not declared for this status, only "
                        + declared.path("content").propertyNames());
                return;
            }
            if (!mediaType.equals("application/json") && !mediaType.endsWith("+json")) {
                return;
            }
            ObjectNode schema = (ObjectNode) content.path("schema").deepCopy();
            schema.set("components", document.path("components"));
            List<Error> errors = schemas.getSchema(schema)
                    .validate(
                            response.json(),
                            context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
            errors.forEach(error -> failures.add(answer + ": " + error.getInstanceLocation() + " " + error.getMessage()
                    + " (" + abbreviated(response) + ")"));
        }

        private static String abbreviated(Api.Response response) {
            String body = response.body();
            return body.length() > 300 ? body.substring(0, 300) + "..." : body;
        }
    }
}
