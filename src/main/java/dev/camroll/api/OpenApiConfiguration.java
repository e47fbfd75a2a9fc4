package dev.camroll.api;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The OpenAPI document at {@code /v3/api-docs}: every endpoint takes a bearer JWT unless it says otherwise,
 * answers errors as problem documents of the types in {@link ProblemType}, and (POST and PUT outside support)
 * accepts an {@code Idempotency-Key}.
 */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "camroll API", version = "1",
        description = "Opt-in cloud processing of a phone's camera roll. Errors are RFC 9457 problem documents "
                + "whose type ends in /problems/<slug>; POST and PUT accept an Idempotency-Key header."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpenApiConfiguration {

    static final String PROBLEM = "Problem";

    @Bean
    OpenApiCustomizer problemsAndIdempotency() {
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                operation.getResponses().addApiResponse("default", new ApiResponse()
                    .description("An error, as an RFC 9457 problem document")
                    .content(new Content().addMediaType("application/problem+json",
                            new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM)))));
                boolean writes = method == PathItem.HttpMethod.POST || method == PathItem.HttpMethod.PUT;
                if (writes && path.startsWith("/v1/") && !path.startsWith("/v1/support/")) {
                    operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER)
                        .required(false)
                        .description("Retrying with the same key and body replays the first answer (header "
                                + IdempotencyFilter.REPLAYED + ": true) for 24 h; the same key with another body is "
                                + "422 idempotency-key-reused, and 409 idempotency-key-in-use while the first runs.")
                        .schema(new StringSchema().maxLength(255)));
                }
            }));
        };
    }

    private static Schema<?> problemSchema() {
        String slugs = Arrays.stream(ProblemType.values())
            .map(t -> t.slug() + " (" + t.status().value() + ")")
            .collect(Collectors.joining(", "));
        return new ObjectSchema().description("RFC 9457 problem document. type is " + ProblemType.BASE_URI
                + "<slug>, one of: " + slugs + ". 400s name the offending field in 'field'. An upload whose content is "
                + "not an accepted type is unsupported-media-type with status 422.")
            .properties(Map.of("type", new StringSchema().format("uri"), "title", new StringSchema(), "status",
                    new IntegerSchema(), "detail", new StringSchema(), "field", new StringSchema()));
    }
}
