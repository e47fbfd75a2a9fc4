package dev.camroll.api.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.camroll.api.CommonProblem;
import dev.camroll.api.Examples;
import dev.camroll.api.ProblemResponses;
import dev.camroll.api.ProblemType;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.core.util.Yaml31;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.servers.Server;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.properties.SpringDocConfigProperties;
import org.springdoc.core.providers.ObjectMapperProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * The OpenAPI document at {@code /v3/api-docs} (and {@code .yaml}; committed as docs/openapi.yaml): every endpoint
 * takes a bearer JWT unless it says otherwise, answers errors as problem documents of the types in
 * {@link CommonProblem}, and (POST and PUT outside support) accepts an {@code Idempotency-Key}. Its paths and
 * components are sorted and its server is relative, so the document is the same on every run and every host.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info = @Info(title = "camroll API", version = "1", description = """
                                Opt-in cloud processing of a phone's camera roll. Errors are RFC 9457 problem \
                                documents whose type ends in /problems/<slug>; POST and PUT accept an Idempotency-Key \
                                header.

                                Uploads speak tus 1.0.0 and the IETF resumable-upload draft, whose headers, interim \
                                104 response and flows OpenAPI cannot express: the operations of the tags uploads and \
                                upload-slots describe them, and the repository's guides docs/guide/upload.md and \
                                docs/guide/uploads-from-phones.md walk through them with curl.
                                """),
        servers = @Server(url = "/", description = "The service that serves this document"),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";

    private static final String PROBLEM_MEDIA_TYPE = "application/problem+json";

    /** How a problem response's description starts: the slugs it may carry follow. */
    private static final String PROBLEM_PREFIX = "Problem: ";

    /**
     * Problems every endpoint may answer: a malformed request, a bearer token that is not valid (refused even where
     * none is needed), an Accept it cannot serve, a failure of its own or of what it depends on.
     */
    private static final Set<ProblemType> EVERYWHERE = Set.of(
            CommonProblem.INVALID_REQUEST,
            CommonProblem.UNAUTHORIZED,
            CommonProblem.NOT_ACCEPTABLE,
            CommonProblem.INTERNAL_ERROR,
            CommonProblem.SERVICE_UNAVAILABLE);

    /** Operations documented by one method only, though mapped to all (they answer 404 or 405 to the others). */
    private static final Map<String, PathItem.HttpMethod> SINGLE_METHOD =
            Map.of("/dev/tokens", PathItem.HttpMethod.POST);

    /**
     * Each operation's problem responses, one per status: those every endpoint may answer and those its
     * {@link ProblemResponses} names. 413 and 415 go with a request body; the
     * {@code Idempotency-Key} statuses are added with the header, below.
     */
    @Bean
    GlobalOperationCustomizer problemResponses() {
        return (operation, handler) -> {
            Set<ProblemType> types = new LinkedHashSet<>(EVERYWHERE);
            ProblemResponses declared =
                    AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), ProblemResponses.class);
            if (declared != null) {
                Arrays.stream(declared.value())
                        .map(ProblemCatalog.get()::require)
                        .forEach(types::add);
            }
            if (operation.getRequestBody() != null) {
                types.add(CommonProblem.PAYLOAD_TOO_LARGE);
                types.add(CommonProblem.UNSUPPORTED_MEDIA_TYPE);
            }
            addProblems(operation, types);
            return operation;
        };
    }

    /**
     * The {@link Examples} of an endpoint, on its JSON request body and its JSON success responses; JSON text that does
     * not parse stops the document.
     */
    @Bean
    GlobalOperationCustomizer examples() {
        return (operation, handler) -> {
            Examples examples = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), Examples.class);
            if (examples == null) {
                return operation;
            }
            String where = handler.getMethod().toGenericString();
            if (!examples.request().isEmpty() && operation.getRequestBody() != null) {
                jsonOf(operation.getRequestBody().getContent())
                        .forEach(media -> media.setExample(parsed(examples.request(), where)));
            }
            if (!examples.response().isEmpty()) {
                operation.getResponses().forEach((status, response) -> {
                    if (status.startsWith("2")) {
                        jsonOf(response.getContent())
                                .forEach(media -> media.setExample(parsed(examples.response(), where)));
                    }
                });
            }
            return operation;
        };
    }

    @Bean
    OpenApiCustomizer problemsAndIdempotency() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            SINGLE_METHOD.forEach((path, method) -> {
                PathItem item = openApi.getPaths().get(path);
                if (item != null) {
                    item.readOperationsMap().keySet().stream()
                            .filter(m -> m != method)
                            .toList()
                            .forEach(m -> item.operation(m, null));
                }
            });
            openApi.getPaths()
                    .forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                        operation.getResponses().addApiResponse("default", problemResponse("Any other error"));
                        boolean writes = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
                        if (writes && path.startsWith("/v1/") && !path.startsWith("/v1/support/")) {
                            operation.addParametersItem(new HeaderParameter()
                                    .name(IdempotencyFilter.HEADER)
                                    .required(false)
                                    .description(
                                            "Retrying with the same key and body replays the first answer (header "
                                                    + IdempotencyFilter.REPLAYED
                                                    + ": true) for 24 h; the same key with another body is "
                                                    + "422 idempotency-key-reused, and 409 idempotency-key-in-use while the first runs.")
                                    .schema(new StringSchema().maxLength(255)));
                            addProblems(
                                    operation,
                                    Set.of(CommonProblem.IDEMPOTENCY_KEY_IN_USE, CommonProblem.IDEMPOTENCY_KEY_REUSED));
                        }
                        // 204 and 304 have no body (RFC 9110 15.3.5, 15.4.5), whatever the method returns otherwise.
                        for (String empty : List.of("204", "304")) {
                            if (operation.getResponses().get(empty) != null) {
                                operation.getResponses().get(empty).setContent(null);
                            }
                        }
                        ApiResponses sorted = new ApiResponses();
                        operation.getResponses().entrySet().stream()
                                .sorted(Map.Entry.comparingByKey(
                                        Comparator.comparing((String code) -> code.equals("default"))
                                                .thenComparing(Comparator.naturalOrder())))
                                .forEach(e -> sorted.addApiResponse(e.getKey(), e.getValue()));
                        operation.setResponses(sorted);
                    }));
            // One example per problem type the operations name, written once in the components.
            openApi.getPaths().values().stream()
                    .flatMap(item -> item.readOperations().stream())
                    .flatMap(operation -> operation.getResponses().values().stream())
                    .map(response -> response.getContent() == null
                            ? null
                            : response.getContent().get(PROBLEM_MEDIA_TYPE))
                    .filter(media -> media != null && media.getExamples() != null)
                    .flatMap(media -> media.getExamples().keySet().stream())
                    .distinct()
                    .map(ProblemCatalog.get()::require)
                    .forEach(type -> openApi.getComponents()
                            .addExamples(
                                    exampleName(type),
                                    new Example().summary(type.title()).value(problemExample(type))));
            sortByName(openApi);
        };
    }

    /**
     * springdoc's YAML without its line splitting, which folds long descriptions with escaped line breaks: in
     * docs/openapi.yaml a changed sentence then changes one line, not a paragraph.
     */
    @Bean
    ObjectMapperProvider springdocObjectMapperProvider(SpringDocConfigProperties properties) {
        ObjectMapper yaml = Yaml31.mapper().copy();
        ((YAMLFactory) yaml.getFactory()).disable(YAMLGenerator.Feature.SPLIT_LINES);
        return new ObjectMapperProvider(properties) {
            @Override
            public ObjectMapper yamlMapper() {
                return yaml;
            }
        };
    }

    /** Adds a problem response per status of {@code types}, naming every slug it may carry. */
    private static void addProblems(io.swagger.v3.oas.models.Operation operation, Set<ProblemType> types) {
        Map<Integer, List<ProblemType>> byStatus = new TreeMap<>();
        types.forEach(t -> byStatus.computeIfAbsent(t.status().value(), s -> new ArrayList<>())
                .add(t));
        byStatus.forEach((status, ofStatus) -> {
            ApiResponse existing = operation.getResponses().get(String.valueOf(status));
            List<String> slugs =
                    new ArrayList<>(ofStatus.stream().map(ProblemType::slug).toList());
            String description = existing == null ? null : existing.getDescription();
            if (description != null && description.startsWith(PROBLEM_PREFIX)) {
                Arrays.stream(description.substring(PROBLEM_PREFIX.length()).split(", "))
                        .filter(slug -> !slugs.contains(slug))
                        .forEach(slugs::add);
            } else if (existing != null) {
                return; // the operation describes this status itself
            }
            List<String> sorted = slugs.stream().sorted().toList();
            ApiResponse response = problemResponse(PROBLEM_PREFIX + String.join(", ", sorted));
            MediaType problem = response.getContent().get(PROBLEM_MEDIA_TYPE);
            sorted.forEach(slug -> problem.addExamples(
                    slug,
                    new Example()
                            .$ref("#/components/examples/"
                                    + exampleName(ProblemCatalog.get().require(slug)))));
            operation.getResponses().addApiResponse(String.valueOf(status), response);
        });
    }

    private static ApiResponse problemResponse(String description) {
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                PROBLEM_MEDIA_TYPE,
                                new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))));
    }

    /**
     * Paths, components, tags and response headers in the order of their names (springdoc's follows the handler
     * methods, or none), so the document reads the same on every run.
     */
    private static void sortByName(OpenAPI openApi) {
        Paths paths = new Paths();
        new TreeMap<>(openApi.getPaths()).forEach(paths::addPathItem);
        openApi.setPaths(paths);
        paths.values().stream()
                .flatMap(item -> item.readOperations().stream())
                .flatMap(operation -> operation.getResponses().values().stream())
                .filter(response -> response.getHeaders() != null)
                .forEach(response -> response.setHeaders(new TreeMap<>(response.getHeaders())));
        Components components = openApi.getComponents();
        components.setSchemas(new TreeMap<>(components.getSchemas()));
        if (components.getExamples() != null) {
            components.setExamples(new TreeMap<>(components.getExamples()));
        }
        if (openApi.getTags() != null) {
            openApi.setTags(openApi.getTags().stream()
                    .sorted(Comparator.comparing(Tag::getName))
                    .toList());
        }
    }

    /** The name of a problem type's example in the components. */
    private static String exampleName(ProblemType type) {
        return "problem-" + type.slug();
    }

    private static List<MediaType> jsonOf(Content content) {
        if (content == null) {
            return List.of();
        }
        return content.entrySet().stream()
                .filter(e -> e.getKey().equals("application/json") || e.getKey().endsWith("+json"))
                .map(Map.Entry::getValue)
                .toList();
    }

    private static Object parsed(String json, String where) {
        try {
            return Json31.mapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "The @Examples of " + where + " are not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A problem document of the type, as the service writes it (the detail varies; this example leaves it out). */
    private static Map<String, Object> problemExample(ProblemType type) {
        Map<String, Object> example = new LinkedHashMap<>();
        example.put("type", type.uri().toString());
        example.put("title", type.title());
        example.put("status", type.status().value());
        return example;
    }

    private static Schema<?> problemSchema() {
        // In the order of RFC 9457's members, the same on every run (a Map.of would not be).
        Map<String, Schema> properties = new LinkedHashMap<>();
        properties.put("type", new StringSchema().format("uri"));
        properties.put("title", new StringSchema());
        properties.put("status", new IntegerSchema());
        properties.put("detail", new StringSchema());
        properties.put("field", new StringSchema());
        String slugs = ProblemCatalog.get().all().stream()
                .map(t -> t.slug() + " (" + t.status().value() + ")")
                .collect(Collectors.joining(", "));
        return new ObjectSchema()
                .description("RFC 9457 problem document. type is " + ProblemType.BASE_URI
                        + "<slug>, one of: " + slugs
                        + ". 400s name the offending field in 'field'. An upload whose content is "
                        + "not an accepted type is unsupported-media-type with status 422.")
                .properties(properties)
                .required(List.of("type", "title", "status"));
    }
}
