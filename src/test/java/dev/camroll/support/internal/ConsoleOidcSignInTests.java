package dev.camroll.support.internal;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.camroll.CamrollApplication;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.util.UriComponentsBuilder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * With an OIDC client registration configured, staff sign in at their identity provider instead of with a password.
 * The provider's endpoints are given explicitly (no discovery), so nothing is contacted at start-up.
 */
@TestPropertySource(
        properties = {
            "spring.security.oauth2.client.registration.corp.client-id=camroll-console",
            "spring.security.oauth2.client.registration.corp.client-secret=test-secret",
            "spring.security.oauth2.client.registration.corp.client-name=Corp SSO",
            "spring.security.oauth2.client.registration.corp.scope=openid,profile",
            "spring.security.oauth2.client.registration.corp.authorization-grant-type=authorization_code",
            "spring.security.oauth2.client.registration.corp.redirect-uri={baseUrl}/support/login/oauth2/code/{registrationId}",
            "spring.security.oauth2.client.provider.corp.authorization-uri=https://idp.example.invalid/authorize",
            "spring.security.oauth2.client.provider.corp.token-uri=https://idp.example.invalid/token",
            "spring.security.oauth2.client.provider.corp.jwk-set-uri=https://idp.example.invalid/jwks",
            "spring.security.oauth2.client.provider.corp.user-info-uri=https://idp.example.invalid/userinfo",
            "spring.security.oauth2.client.provider.corp.user-name-attribute=sub"
        })
class ConsoleOidcSignInTests extends EndToEndTest {

    @Test
    void theSignInPageOffersTheIdentityProviderAndNoPasswordForm() {
        Api.Response page = api.get("/support/sign-in").send();

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("href=\"/support/oauth2/authorization/corp\"", "Sign in with Corp SSO")
                .doesNotContain("name=\"password\"");
        assertThat(api.get("/support").send().header("Location")).endsWith("/support/sign-in");
    }

    @Test
    void signingInRedirectsToTheProviderWhichSendsStaffBackUnderSupport() {
        Api.Response redirect = api.get("/support/oauth2/authorization/corp").send();

        assertThat(redirect.status()).isEqualTo(302);
        URI location = URI.create(redirect.header("Location"));
        assertThat(location.getHost()).isEqualTo("idp.example.invalid");
        assertThat(location.getPath()).isEqualTo("/authorize");
        Map<String, List<String>> query =
                UriComponentsBuilder.fromUri(location).build().getQueryParams();
        assertThat(query.get("client_id")).containsExactly("camroll-console");
        assertThat(query.get("response_type")).containsExactly("code");
        assertThat(URLDecoder.decode(query.get("redirect_uri").get(0), StandardCharsets.UTF_8))
                .isEqualTo("http://localhost:" + port + "/support/login/oauth2/code/corp");
        assertThat(query).containsKeys("state", "nonce");
        assertThat(redirect.header("Set-Cookie"))
                .as("the state waits in the console's session")
                .startsWith("camroll-support=");
    }

    @Test
    void theStaffRolesComeFromTheRolesClaimAsInTheApi() {
        OidcIdToken idToken = new OidcIdToken(
                "token",
                Instant.now(),
                Instant.now().plusSeconds(60),
                Map.of("sub", "ada@corp", "roles", List.of("support", "admin")));

        Set<String> roles =
                ConsoleSecurity.rolesFromClaims().mapAuthorities(List.of(new OidcUserAuthority(idToken))).stream()
                        .map(GrantedAuthority::getAuthority)
                        .collect(Collectors.toSet());

        assertThat(roles).containsExactlyInAnyOrder("ROLE_user", "ROLE_support", "ROLE_admin");
    }

    @Test
    void aRegistrationThatSendsStaffBackOutsideSupportStopsTheStart() {
        Map<String, Object> properties = TestDatabase.serviceProperties();
        properties.put("server.port", "0");
        properties.put("spring.security.oauth2.client.registration.corp.client-id", "camroll-console");
        properties.put(
                "spring.security.oauth2.client.registration.corp.authorization-grant-type", "authorization_code");
        // the value most guides show, outside /support
        properties.put(
                "spring.security.oauth2.client.registration.corp.redirect-uri",
                "{baseUrl}/login/oauth2/code/{registrationId}");
        properties.put(
                "spring.security.oauth2.client.provider.corp.authorization-uri", "https://idp.example.invalid/a");
        properties.put("spring.security.oauth2.client.provider.corp.token-uri", "https://idp.example.invalid/t");
        String[] args = properties.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);

        assertThatThrownBy(() -> new SpringApplicationBuilder(CamrollApplication.class)
                        .run(args)
                        .close())
                .hasStackTraceContaining("spring.security.oauth2.client.registration.corp.redirect-uri must be "
                        + "{baseUrl}/support/login/oauth2/code/{registrationId}");
    }
}
