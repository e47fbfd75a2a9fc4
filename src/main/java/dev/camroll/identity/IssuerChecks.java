package dev.camroll.identity;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Warns when an external issuer is trusted by key alone: then any token signed with that key is accepted, for
 * whichever service it was issued. Naming the issuer and our audience closes that.
 */
@Component
class IssuerChecks {

    private static final Logger log = LoggerFactory.getLogger(IssuerChecks.class);

    private final Environment environment;

    IssuerChecks(Environment environment) {
        this.environment = environment;
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnAboutLooseIssuerSettings() {
        String prefix = LocalIssuerConfiguration.PREFIX;
        boolean external = environment.containsProperty(prefix + "jwk-set-uri")
                || environment.containsProperty(prefix + "public-key-location")
                || environment.containsProperty(prefix + "issuer-uri");
        if (!external) {
            return;
        }
        if (!environment.containsProperty(prefix + "issuer-uri")) {
            log.warn("Tokens are not checked for their issuer: set {}issuer-uri", prefix);
        }
        if (!environment.containsProperty(prefix + "audiences")) {
            log.warn("Tokens are not checked for their audience (tokens issued for other services are accepted): "
                    + "set {}audiences", prefix);
        }
    }
}
