package dev.camroll.api;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.RawHttp;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generator over the service's own OpenAPI document: every operation it declares gets malformed path and query
 * parameters (invalid escapes, overlong UTF-8, encoded surrogates, NUL, an encoded '/', overlong values), oversized
 * headers, unsatisfiable {@code Accept} (also a valid request accepting only problems), and, where it takes a body, wrong content types, broken JSON and JSON whose
 * every string is NUL-laden, an unpaired surrogate or huge. Each request is written on a raw socket, as sent.
 * Every answer must be below 500, every error a problem document, and the user's rows must be as before.
 */
class EveryOperationRefusesMalformedRequestsTests extends EndToEndTest {

    /** Stands for each string of a generated body, replaced by the mutant's JSON text. */
    private static final String MUTANT = "@@mutant@@";

    /** Each is invalid by construction: a request carrying one must be refused, whatever the operation. */
    private static final List<String> BAD_PATH_VALUES =
            List.of("%00", "%ZZ", "%2f", "%C0%AF", "%ED%A0%80", "%2e%2e", "a%20b", "x".repeat(300));

    private static final List<String> BAD_QUERY_VALUES = List.of("%ZZ", "%C0%AF", "%ED%A0%80", "a%00b", "%E2%82", "%");

    /** JSON string texts that no field accepts. */
    private static final List<String> BAD_JSON_STRINGS =
            List.of("\"a\\u0000b\"", "\"\\ud800\"", "\"\\udc00x\"", "\"" + "x".repeat(600 * 1024) + "\"");

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private RawHttp raw;

    private String subject;

    private String token;

    private Map<String, String> pathValues;

    private JsonNode schemas;

    @Test
    void noOperationAnswersAMalformedRequestWithA5xxOrAnHtmlPageOrChangesAnything() {
        raw = new RawHttp(port);
        subject = newUser("hostile");
        token = token(subject, "support", "admin");
        TusUploads.Announced upload = new TusUploads(api, token)
                .ready(currentNotice("cloud_processing", "en"))
                .announce(new byte[] {1, 2, 3}, "image/jpeg", "photo");
        pathValues = Map.of(
                "deviceId",
                "phone",
                "batchId",
                upload.batchId(),
                "uploadId",
                TusUploads.uploadId(upload),
                "mediaId",
                upload.mediaId(),
                "purpose",
                "cloud_processing",
                "userId",
                subject,
                "eventId",
                UUID.randomUUID().toString(),
                "suggestionId",
                UUID.randomUUID().toString(),
                "purgeId",
                UUID.randomUUID().toString());

        JsonNode document = api.get("/v3/api-docs").send().json();
        schemas = document.path("components").path("schemas");
        int operations = 0;
        int requests = 0;
        for (Map.Entry<String, JsonNode> path : document.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                operations++;
                String method = operation.getKey().toUpperCase(java.util.Locale.ROOT);
                Map<String, String> before = snapshot();
                for (Probe probe : probes(method, path.getKey(), operation.getValue())) {
                    requests++;
                    RawHttp.Response response = raw.send(probe.head(), probe.body());
                    String what = probe.what() + " -> " + response;
                    assertThat(response.status()).as(what).isLessThan(500);
                    if (probe.mustFail()) {
                        assertThat(response.status()).as(what).isGreaterThanOrEqualTo(400);
                    }
                    if (response.status() >= 400 && method.equals("HEAD")) {
                        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
                    } else if (response.status() >= 400) {
                        assertIsProblem(response, what);
                    } else if (response.header("Content-Type") != null) {
                        assertThat(response.header("Content-Type")).as(what).doesNotContain("problem+json");
                    }
                }
                assertThat(snapshot())
                        .as("the user's rows after malformed requests to %s %s", method, path.getKey())
                        .isEqualTo(before);
            }
        }
        assertThat(operations).as("operations in the document").isGreaterThan(30);
        System.out.printf("Sent %d malformed requests to %d operations%n", requests, operations);
    }

    private record Probe(String what, byte[] head, byte[] body, boolean mustFail) {}

    private List<Probe> probes(String method, String template, JsonNode operation) {
        List<Probe> probes = new ArrayList<>();
        List<String> pathParameters = new ArrayList<>();
        List<String> queryParameters = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            String in = parameter.path("in").asString();
            if (in.equals("path")) {
                pathParameters.add(parameter.path("name").asString());
            } else if (in.equals("query")) {
                queryParameters.add(parameter.path("name").asString());
            }
        }
        JsonNode bodySchema = operation
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("schema");
        boolean writes = method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
        String goodBody = bodySchema.isMissingNode()
                ? ""
                : sample(bodySchema, 0).toString().replace("\"" + MUTANT + "\"", "\"x\"");
        String goodPath = fill(template, null, null);

        for (String parameter : pathParameters) {
            for (String bad : BAD_PATH_VALUES) {
                // tus discovery answers whatever the id (it tells only the server's capabilities)
                probes.add(probe(
                        method,
                        fill(template, parameter, bad),
                        "",
                        "application/json",
                        goodBody,
                        !method.equals("OPTIONS")));
            }
        }
        List<String> names = new ArrayList<>(queryParameters);
        names.add("unknown");
        for (String name : names) {
            for (String bad : BAD_QUERY_VALUES) {
                probes.add(probe(method, goodPath + "?" + name + "=" + bad, "", "application/json", goodBody, true));
            }
        }
        probes.add(probe(method, goodPath, "\r\nX-Padding: " + "p".repeat(20_000), "application/json", goodBody, true));
        // a client that accepts only problems is refused before anything is done, whatever the operation
        probes.add(probe(method, goodPath, "\r\nAccept: application/problem+json", "application/json", goodBody, true));
        if (method.equals("GET")) {
            for (String accept : List.of("image/png", "text/html", "application/*+json")) {
                probes.add(probe(method, goodPath, "\r\nAccept: " + accept, null, "", false));
            }
        }
        if (writes) {
            String sampleBody = goodBody.isEmpty() ? "{\"x\":\"y\"}" : goodBody;
            probes.add(probe(method, goodPath, "", "*/*", sampleBody, true));
            probes.add(probe(method, goodPath, "", "application/*", sampleBody, true));
            probes.add(probe(method, goodPath, "", "application/x-www-form-urlencoded", "a=%ZZ&b=%00", true));
            probes.add(probe(method, goodPath, "", "text/plain", sampleBody, false));
            probes.add(probe(method, goodPath, "", "application/json", "{\"unterminated\":", true));
            if (method.equals("POST") && template.equals("/v1/uploads")) {
                probes.add(probe(
                        method,
                        goodPath,
                        "\r\nUpload-Length: 3\r\nUpload-Metadata: batchId " + base64(pathValues.get("batchId"))
                                + ",clientAssetId " + base64("IMG\u0000"),
                        null,
                        "",
                        true));
            }
            if (!bodySchema.isMissingNode()) {
                String template0 = sample(bodySchema, 0).toString();
                if (template0.contains(MUTANT)) {
                    for (String bad : BAD_JSON_STRINGS) {
                        probes.add(probe(
                                method,
                                goodPath,
                                "",
                                "application/json",
                                template0.replace("\"" + MUTANT + "\"", bad),
                                true));
                    }
                }
            }
        }
        return probes;
    }

    private Probe probe(
            String method, String target, String extraHeaders, String contentType, String body, boolean mustFail) {
        StringBuilder head = new StringBuilder(method)
                .append(' ')
                .append(target)
                .append(" HTTP/1.1")
                .append("\r\nAuthorization: Bearer ")
                .append(token)
                .append("\r\nX-Access-Reason: TICKET-14 malformed requests")
                .append("\r\nTus-Resumable: 1.0.0")
                .append(extraHeaders);
        if (contentType != null && !body.isEmpty()) {
            head.append("\r\nContent-Type: ").append(contentType);
        }
        String what = method + " " + (target.length() > 120 ? target.substring(0, 120) + "..." : target)
                + (extraHeaders.length() > 80 ? extraHeaders.substring(0, 80) + "..." : extraHeaders)
                        .replace("\r\n", " | ")
                + (contentType == null || body.isEmpty()
                        ? ""
                        : " | Content-Type: " + contentType + " | "
                                + (body.length() > 120 ? body.substring(0, 120) + "..." : body));
        return new Probe(
                what,
                head.toString().getBytes(StandardCharsets.UTF_8),
                body.getBytes(StandardCharsets.UTF_8),
                mustFail);
    }

    /** The path with every parameter's good value, except {@code bad} (already percent-encoded) for {@code name}. */
    private String fill(String template, String name, String bad) {
        String path = template;
        for (Map.Entry<String, String> value : pathValues.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getKey().equals(name) ? bad : value.getValue());
        }
        if (name != null && !pathValues.containsKey(name)) {
            path = path.replace("{" + name + "}", bad);
        }
        return path.replaceAll("\\{[^}]+}", "x");
    }

    /** A value of the schema with {@link #MUTANT} in place of every string. */
    private JsonNode sample(JsonNode schema, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        if (schema.has("$ref")) {
            String ref = schema.path("$ref").asString();
            return depth > 6
                    ? nodes.nullNode()
                    : sample(schemas.path(ref.substring(ref.lastIndexOf('/') + 1)), depth + 1);
        }
        for (String choice : new String[] {"oneOf", "anyOf", "allOf"}) {
            if (schema.has(choice)) {
                for (JsonNode option : schema.path(choice)) {
                    if (!"null".equals(option.path("type").asString())) {
                        return sample(option, depth + 1);
                    }
                }
            }
        }
        String type = type(schema);
        switch (type) {
            case "object" -> {
                ObjectNode object = nodes.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> properties =
                                schema.path("properties").properties().iterator();
                        properties.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = properties.next();
                    object.set(property.getKey(), sample(property.getValue(), depth + 1));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = nodes.arrayNode();
                array.add(sample(schema.path("items"), depth + 1));
                return array;
            }
            case "integer", "number" -> {
                return nodes.numberNode(1);
            }
            case "boolean" -> {
                return nodes.booleanNode(true);
            }
            default -> {
                return nodes.stringNode(MUTANT);
            }
        }
    }

    private static String type(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (!t.asString().equals("null")) {
                    return t.asString();
                }
            }
        }
        if (type.isString()) {
            return type.asString();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    /**
     * Every row of the user in every table that has a {@code subject}, but the access log (looks are logged) and the
     * chain's verified head (a look-up verifies the chain and moves it; it holds no data of the user's).
     */
    private Map<String, String> snapshot() {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String table : jdbc.queryForList(
                "SELECT table_name FROM information_schema.columns WHERE column_name = 'subject'"
                        + " AND table_schema = current_schema()"
                        + " AND table_name NOT IN ('access_log', 'idempotency_keys', 'consent_chain_heads')"
                        + " ORDER BY table_name",
                String.class)) {
            rows.put(
                    table,
                    jdbc.queryForObject(
                            "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '')"
                                    + " FROM " + table + " t WHERE subject = ?",
                            String.class,
                            subject));
        }
        return rows;
    }

    private static void assertIsProblem(RawHttp.Response response, String what) {
        assertThat(response.header("Content-Type")).as(what).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).as(what).startsWith(ProblemType.BASE_URI);
        assertThat(problem.path("status").asInt()).as(what).isEqualTo(response.status());
        assertThat(problem.path("title").asString()).as(what).isNotBlank();
        assertThat(problem.path("detail").asString())
                .as(what)
                .isNotBlank()
                .doesNotContain("Exception", "at org.", "/work/");
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
