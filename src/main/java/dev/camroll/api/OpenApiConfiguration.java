package dev.camroll.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

import org.springframework.context.annotation.Configuration;

/** The OpenAPI document at {@code /v3/api-docs}: every endpoint takes a bearer JWT unless it says otherwise. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "camroll API", version = "1",
        description = "Opt-in cloud processing of a phone's camera roll. Errors are RFC 9457 problem documents "
                + "whose type ends in /problems/<slug>; POST and PUT accept an Idempotency-Key header."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class OpenApiConfiguration {
}
