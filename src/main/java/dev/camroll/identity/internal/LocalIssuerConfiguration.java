package dev.camroll.identity.internal;

import dev.camroll.runtime.CamrollSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

/**
 * The embedded default's identity: active when none of Spring Boot's resource-server properties names an
 * issuer or key. Then this JwtDecoder replaces Spring Boot's and {@code POST /dev/tokens} exists.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalIssuerConfiguration.NoIssuerConfigured.class)
class LocalIssuerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LocalIssuerConfiguration.class);

    static final String PREFIX = "spring.security.oauth2.resourceserver.jwt.";

    @Bean
    LocalIssuer localIssuer(CamrollSettings settings) {
        return new LocalIssuer(settings);
    }

    @Bean
    JwtDecoder jwtDecoder(LocalIssuer issuer, OAuth2TokenValidator<Jwt> claimsValidator) {
        return issuer.decoder(claimsValidator);
    }

    @EventListener
    void announce(ApplicationReadyEvent ready) {
        DevTokenController devTokens = ready.getApplicationContext()
                .getBeanProvider(DevTokenController.class)
                .getIfAvailable();
        if (devTokens == null) {
            log.warn("Local token issuer active, but /dev/tokens is off behind a proxy or on a cloud platform: "
                    + "configure an OIDC issuer (spring.security.oauth2.resourceserver.jwt.*)");
            return;
        }
        if (ready.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            int port = web.getWebServer().getPort();
            // The log names the secret's file, never the secret: logs travel further than the data directory.
            log.info("""
                    Local token issuer active (no OIDC issuer configured). Get a token from this machine with:
                      curl -s -X POST http://localhost:{}/dev/tokens -H 'Content-Type: application/json' -H "{}: $(cat '{}')" -d '{"sub":"alice"}'
                    then call the API with: -H "Authorization: Bearer <token>"  (API docs: http://localhost:{}/swagger-ui.html)""", port, DevTokenSecret.HEADER, devTokens.secretFile(), port);
        }
    }

    static class NoIssuerConfigured implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var env = context.getEnvironment();
            return !env.containsProperty(PREFIX + "issuer-uri")
                    && !env.containsProperty(PREFIX + "jwk-set-uri")
                    && !env.containsProperty(PREFIX + "public-key-location");
        }
    }
}
