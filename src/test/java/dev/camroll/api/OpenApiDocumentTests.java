package dev.camroll.api;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import io.swagger.v3.oas.annotations.Hidden;
import io.swagger.v3.oas.annotations.Operation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/openapi.yaml is the document the running service serves at /v3/api-docs.yaml, and the document is complete:
 * every operation has a stable operationId, a summary, problem documents for its errors, and examples of its JSON
 * bodies that match their schemas. After a change of the API,
 * {@code ./mvnw test -pl server -am -Dtest=OpenApiDocumentTests -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcamroll.docs.write=true} rewrites the file; review it with {@code git diff docs/openapi.yaml}.
 */
class OpenApiDocumentTests extends EndToEndTest {

    private static final Path DOCUMENT = Path.of("docs/openapi.yaml");

    private static final Pattern CAMEL_CASE = Pattern.compile("[a-z][a-zA-Z0-9]*");

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlers;

    private JsonNode document;

    @BeforeEach
    void readTheDocument() {
        document = api.get("/v3/api-docs").send().json();
    }

    @Test
    void theCommittedDocumentIsTheOneTheServiceServes() throws IOException {
        Api.Response served = api.get("/v3/api-docs.yaml").send();
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        if (Boolean.getBoolean("camroll.docs.write")) {
            Files.writeString(DOCUMENT, served.body());
        }
        String committed = Files.exists(DOCUMENT) ? Files.readString(DOCUMENT) : "";
        assertThat(committed)
                .as(DOCUMENT + " is not the document the service serves (" + firstDifference(committed, served.body())
                        + "); rewrite it with ./mvnw test -pl server -am -Dtest=OpenApiDocumentTests "
                        + "-Dsurefire.failIfNoSpecifiedTests=false -Dcamroll.docs.write=true and review git diff "
                        + DOCUMENT)
                .isEqualTo(served.body());
    }

    @Test
    void everyOperationHasAUniqueCamelCaseIdASummaryAndProblemDocumentsForItsErrors() {
        List<String> failures = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        operations().forEach((name, operation) -> {
            String id = operation.path("operationId").asString("");
            if (!CAMEL_CASE.matcher(id).matches()) {
                failures.add(name + ": operationId '" + id + "' is not camelCase");
            }
            if (!ids.add(id)) {
                failures.add(name + ": operationId '" + id + "' is used twice");
            }
            if (operation.path("summary").asString("").isBlank()) {
                failures.add(name + ": no summary");
            }
            JsonNode responses = operation.path("responses");
            for (String status : List.of("400", "401", "500", "default")) {
                if (!responses.has(status)) {
                    failures.add(name + ": no " + status + " response");
                }
            }
            responses.properties().forEach(response -> {
                boolean error = response.getKey().startsWith("4")
                        || response.getKey().startsWith("5")
                        || response.getKey().equals("default");
                JsonNode content = response.getValue().path("content");
                if (error && (!content.has("application/problem+json") || content.size() != 1)) {
                    failures.add(name + ": " + response.getKey() + " is not only application/problem+json but "
                            + content.propertyNames());
                }
            });
        });
        assertThat(failures).isEmpty();
        assertThat(ids).hasSizeGreaterThan(40);
    }

    /** Ids springdoc makes up from method names change with a rename and collide (list_2); each endpoint names its own. */
    @Test
    void everyEndpointOfTheApiNamesItsOperationIdItself() {
        List<String> unnamed = new ArrayList<>();
        handlers.getHandlerMethods().forEach((mapping, handler) -> {
            Class<?> type = handler.getBeanType();
            Method method = handler.getMethod();
            boolean documented = type.getName().startsWith("dev.camroll.")
                    && AnnotatedElementUtils.hasAnnotation(type, RestController.class)
                    && !AnnotatedElementUtils.hasAnnotation(type, Hidden.class)
                    && !AnnotatedElementUtils.hasAnnotation(method, Hidden.class);
            Operation operation = AnnotatedElementUtils.findMergedAnnotation(method, Operation.class);
            if (documented && (operation == null || operation.operationId().isBlank())) {
                unnamed.add(type.getSimpleName() + "." + method.getName());
            }
        });
        assertThat(unnamed)
                .as("endpoints without @Operation(operationId = ...)")
                .isEmpty();
    }

    @Test
    void everyJsonBodyHasAnExampleAndEveryExampleMatchesItsSchema() {
        List<String> missing = new ArrayList<>();
        operations().forEach((name, operation) -> {
            jsonContent(operation.path("requestBody").path("content")).forEach((type, media) -> {
                if (!media.has("example") && !media.has("examples")) {
                    missing.add(name + ": request body " + type);
                }
            });
            operation.path("responses").properties().forEach(response -> {
                if (response.getKey().startsWith("2")) {
                    jsonContent(response.getValue().path("content")).forEach((type, media) -> {
                        if (!media.has("example") && !media.has("examples")) {
                            missing.add(name + ": response " + response.getKey() + " " + type);
                        }
                    });
                }
            });
        });

        List<String> invalid = new ArrayList<>();
        int checked = checkExamples(document, invalid);

        assertThat(missing).as("JSON bodies without an example").isEmpty();
        assertThat(invalid).as("examples that do not match their schema").isEmpty();
        assertThat(checked).as("examples checked").isGreaterThan(60);
    }

    @Test
    void theExampleCheckCatchesAnExampleOffItsSchema() {
        ObjectNode doctored = (ObjectNode) document.deepCopy();
        ObjectNode media = (ObjectNode) doctored.path("paths")
                .path("/v1/media/{mediaId}")
                .path("get")
                .path("responses")
                .path("200")
                .path("content")
                .path("application/json");
        ((ObjectNode) media.path("example")).put("size", "large");
        ((ObjectNode) doctored.path("components")
                        .path("examples")
                        .path("problem-not-found")
                        .path("value"))
                .put("status", "404");

        List<String> invalid = new ArrayList<>();
        checkExamples(doctored, invalid);

        assertThat(invalid)
                .anySatisfy(failure -> assertThat(failure).contains("get /v1/media/{mediaId}", "response 200", "/size"))
                .anySatisfy(failure -> assertThat(failure).contains("problem-not-found", "/status"))
                .allSatisfy(failure -> assertThat(failure).containsAnyOf("/size", "problem-not-found"));
    }

    /** Validates every example of a media type against that media type's schema; answers how many it checked. */
    private static int checkExamples(JsonNode document, List<String> invalid) {
        SchemaRegistry schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31());
        int[] checked = {0};
        operations(document).forEach((name, operation) -> {
            List<Map.Entry<String, JsonNode>> contents = new ArrayList<>();
            contents.add(Map.entry("request body", operation.path("requestBody").path("content")));
            operation
                    .path("responses")
                    .properties()
                    .forEach(response -> contents.add(Map.entry(
                            "response " + response.getKey(), response.getValue().path("content"))));
            contents.forEach(content -> content.getValue().properties().forEach(media -> {
                Map<String, JsonNode> examples = new TreeMap<>();
                if (media.getValue().has("example")) {
                    examples.put("example", media.getValue().path("example"));
                }
                media.getValue().path("examples").properties().forEach(example -> {
                    JsonNode value = example.getValue();
                    String ref = value.path("$ref").asString("");
                    String where = ref.isEmpty() ? example.getKey() : ref;
                    if (!ref.isEmpty()) {
                        value = document.path("components")
                                .path("examples")
                                .path(ref.substring(ref.lastIndexOf('/') + 1));
                    }
                    examples.put(where, value.path("value"));
                });
                examples.forEach((where, value) -> {
                    ObjectNode schema =
                            (ObjectNode) media.getValue().path("schema").deepCopy();
                    schema.set("components", document.path("components"));
                    schemas.getSchema(schema)
                            .validate(
                                    value,
                                    context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)))
                            .forEach(error -> invalid.add(name + " " + content.getKey() + " " + media.getKey() + " "
                                    + where + ": " + error.getInstanceLocation() + " " + error.getMessage()));
                    checked[0]++;
                });
            }));
        });
        return checked[0];
    }

    private Map<String, JsonNode> operations() {
        return operations(document);
    }

    /** Every operation of the document by "method path". */
    private static Map<String, JsonNode> operations(JsonNode document) {
        Map<String, JsonNode> operations = new TreeMap<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    if (METHODS.contains(op.getKey())) {
                        operations.put(op.getKey() + " " + path.getKey(), op.getValue());
                    }
                }));
        return operations;
    }

    /** The JSON media types of a content map; images and upload streams have no example to give. */
    private static Map<String, JsonNode> jsonContent(JsonNode content) {
        Map<String, JsonNode> json = new TreeMap<>();
        content.properties().forEach(media -> {
            if (media.getKey().equals("application/json") || media.getKey().endsWith("+json")) {
                json.put(media.getKey(), media.getValue());
            }
        });
        return json;
    }

    /** Where two texts first differ, by line, for the failure message. */
    private static String firstDifference(String committed, String served) {
        String[] left = committed.split("\n", -1);
        String[] right = served.split("\n", -1);
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            String l = i < left.length ? left[i] : "<end of file>";
            String r = i < right.length ? right[i] : "<end of file>";
            if (!l.equals(r)) {
                return "first difference at line " + (i + 1) + ": committed '" + l.strip() + "', served '" + r.strip()
                        + "'";
            }
        }
        return "they differ";
    }
}
