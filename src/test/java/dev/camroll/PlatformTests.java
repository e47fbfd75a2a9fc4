package dev.camroll;

import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

class PlatformTests extends EndToEndTest {

    @Test
    void theOpenApiDocumentDescribesTheApiWithBearerAuth() {
        Api.Response docs = api.get("/v3/api-docs").send();

        assertThat(docs.status()).isEqualTo(200);
        JsonNode openApi = docs.json();
        assertThat(openApi.path("openapi").asString()).startsWith("3.1");
        assertThat(openApi.path("paths").has("/v1/consent/{purpose}")).isTrue();
        assertThat(openApi.path("paths").has("/v1/support/users/{userId}/consent"))
                .isTrue();
        assertThat(openApi.path("components")
                        .path("securitySchemes")
                        .path("bearer")
                        .path("scheme")
                        .asString())
                .isEqualTo("bearer");
        assertThat(openApi.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("description")
                        .asString())
                .contains("consent-dependency (409)", "access-reason-required (400)");
        JsonNode decide = openApi.path("paths").path("/v1/consent/{purpose}").path("put");
        assertThat(decide.path("responses").path("default").path("content").has("application/problem+json"))
                .isTrue();
        assertThat(decide.path("parameters").toString()).contains("Idempotency-Key");
        assertThat(openApi.path("paths")
                        .path("/v1/support/users/{userId}/consent/{purpose}/revoke")
                        .path("post")
                        .path("parameters")
                        .toString())
                .doesNotContain("Idempotency-Key")
                .contains("X-Access-Reason");
        assertThat(openApi.path("paths").has("/error")).isFalse();
        Api.Response swaggerUi = api.get("/swagger-ui.html").send();
        assertThat(swaggerUi.status()).isEqualTo(302);
        assertThat(swaggerUi.header("Location")).endsWith("/swagger-ui/index.html");
        assertThat(api.get("/swagger-ui/index.html").send().body()).contains("Swagger UI");
    }

    @Test
    void healthHasLivenessAndReadinessGroupsWithoutAToken() {
        for (String path :
                new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/health/readiness"}) {
            Api.Response health = api.get(path).send();
            assertThat(health.status()).as(path).isEqualTo(200);
            assertThat(health.json().path("status").asString()).as(path).isEqualTo("UP");
        }
    }

    @Test
    void prometheusMetricsAreForAdminsAndCountConsentDecisions() {
        give(token(newUser("counted")), "cloud_processing");

        Api.Response anonymous = api.get("/actuator/prometheus").send();
        Api.Response user =
                api.get("/actuator/prometheus").token(token(newUser("curious"))).send();
        Api.Response admin = api.get("/actuator/prometheus")
                .token(token(newUser("operator"), "admin"))
                .send();

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(user.status()).isEqualTo(403);
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body())
                .contains(
                        "camroll_consent_decisions_total{actor=\"USER\",purpose=\"cloud_processing\",state=\"GIVEN\"}");
    }
}
