package dev.camroll.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Examples of an endpoint's JSON bodies for the OpenAPI document, as JSON text: {@code request} goes to its JSON
 * request body, {@code response} to each of its success (2xx) responses with a JSON body. Write each shape once, as
 * a constant next to the controller; a test validates every example against its schema.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Examples {

    /** The request body, or empty when the endpoint takes no JSON body. */
    String request() default "";

    /** The success response's body, or empty when it has no JSON body. */
    String response() default "";
}
