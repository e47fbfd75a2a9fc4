package dev.camroll.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem types an endpoint answers besides those every endpoint may answer (400, 401, 406, 500, 503; 413 and
 * 415 with a body; 409 and 422 with an {@code Idempotency-Key}): the OpenAPI document declares a
 * response for each of their statuses, as a problem document. Keep it next to the code that throws them.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface ProblemResponses {

    /**
     * The slugs of the problem types ({@link ProblemType#slug()}), grouped by status in the document; a slug no type
     * has fails the build (a test resolves every one) and the OpenAPI document.
     */
    String[] value();
}
