package dev.camroll.identity.internal;

import dev.camroll.identity.Caller;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps {@link Caller} out of the OpenAPI document: controllers take it as a parameter, but it comes from the bearer
 * token, so it is no query parameter a client could send.
 */
@Configuration(proxyBeanMethods = false)
class CallerDocumentation {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }
}
