package dev.camroll.api.internal;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.Problems;
import dev.camroll.api.StorableText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Spring Security's firewall (both filter chains use these beans): its refusals are {@code 400 invalid-request}
 * problems, and header values may carry what people type.
 */
@Configuration(proxyBeanMethods = false)
class RequestFirewall {

    private static final Logger log = LoggerFactory.getLogger(RequestFirewall.class);

    /**
     * The strict firewall, except that a header value may hold any character but C0 controls and DEL: Tomcat reads
     * header bytes as ISO-8859-1, so UTF-8 typed by staff ("Übergabe", "€") shows bytes 0x80 to 0x9F, which the
     * default refuses as control characters ({@link StorableText#headerValue} reads them as UTF-8 again).
     */
    @Bean
    HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        firewall.setAllowedHeaderValues(value -> value.chars().noneMatch(c -> c < 0x20 && c != '\t' || c == 0x7f));
        return firewall;
    }

    /** What the firewall refuses up front (e.g. {@code //}, {@code ;} or an encoded {@code .} in the path). */
    @Bean
    RequestRejectedHandler problemForRejectedRequests() {
        return (request, response, rejected) -> {
            log.info("Request rejected by the firewall: {}", rejected.getMessage());
            Problems.write(
                    response,
                    Problems.of(
                            CommonProblem.INVALID_REQUEST,
                            "The request path or a header has characters or segments the service does not accept "
                                    + "(e.g. '//', ';', an encoded '.' or '%')."));
        };
    }
}
