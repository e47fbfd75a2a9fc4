package dev.camroll.benchmark;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;

import com.nimbusds.jose.jwk.JWK;
import dev.camroll.identity.internal.LocalIssuer;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.HttpEncodingAutoConfiguration;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor of the framework stack for an authenticated read, the baseline of the requests benchmark's reads: Spring
 * Boot with Tomcat, Spring MVC, Jackson and Spring Security's OAuth2 resource server, checking the service's own
 * tokens (RS256 with the public half of its local issuer's key, the same issuer and audience checks as
 * {@link LocalIssuer}), and one endpoint answering the token's subject. Only the auto-configurations named here run:
 * no DataSource, JPA, Flyway, actuator or observation, so it is what any such service pays before its own work.
 * Started by {@link RequestBenchmark} in a JVM of its own ({@code java -Xmx... -cp <the benchmark's classpath>}).
 *
 * <p>Arguments: {@code --server.port=N --bench.issuerKey=<the local issuer's JWK file>}.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@ImportAutoConfiguration({
    PropertyPlaceholderAutoConfiguration.class,
    TomcatServletWebServerAutoConfiguration.class,
    DispatcherServletAutoConfiguration.class,
    WebMvcAutoConfiguration.class,
    HttpEncodingAutoConfiguration.class,
    HttpMessageConvertersAutoConfiguration.class,
    JacksonAutoConfiguration.class,
    SecurityAutoConfiguration.class,
    ServletWebSecurityAutoConfiguration.class,
    SecurityFilterAutoConfiguration.class,
    OAuth2ResourceServerAutoConfiguration.class
})
@Import(MinimalAuthenticatedEndpoint.Subject.class)
public class MinimalAuthenticatedEndpoint {

    /** The one endpoint. */
    static final String PATH = "/v1/whoami";

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(MinimalAuthenticatedEndpoint.class);
        // camroll's application.yml is on the benchmark's classpath; this app reads none
        application.setDefaultProperties(Map.of("spring.config.name", "minimal-authenticated-endpoint"));
        application.run(args);
    }

    @Bean
    JwtDecoder jwtDecoder(Environment environment) throws Exception {
        JWK key = JWK.parse(Files.readString(Path.of(environment.getRequiredProperty("bench.issuerKey"))));
        RSAPublicKey publicKey = key.toRSAKey().toRSAPublicKey();
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(publicKey)
                .signatureAlgorithm(SignatureAlgorithm.RS256)
                .build();
        // LocalIssuer's checks: expiry and not-before, issuer, audience
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(LocalIssuer.ISSUER),
                new JwtClaimValidator<List<String>>("aud", aud -> aud != null && aud.contains(LocalIssuer.AUDIENCE))));
        return decoder;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http) throws Exception {
        // as the service's: stateless, no CSRF, every request needs a bearer token
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer.jwt(jwt -> {}))
                .build();
    }

    @RestController
    static class Subject {

        @GetMapping(PATH)
        Map<String, String> subject(@AuthenticationPrincipal Jwt jwt) {
            return Map.of("subject", jwt.getSubject());
        }
    }
}
