package dev.camroll.api.internal;

import dev.camroll.api.ApiSettings;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The API's problem mapping for a web slice ({@code @WebMvcTest}): the exception handler, the guard against successes
 * labelled as problems, the refusal of unstorable JSON text and the filters that need no database (malformed requests,
 * the body limit). {@code Idempotency-Key} replay needs the database and is left out.
 */
@TestConfiguration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSettings.class)
@Import({
    ProblemHandler.class,
    ProblemMediaTypeGuard.class,
    StorableTextModule.class,
    MalformedRequestFilter.class,
    RequestBodyLimitFilter.class
})
public class ProblemMapping {}
