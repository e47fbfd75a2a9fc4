/**
 * How the API's conventions are applied to every request: servlet filters (malformed requests, the body limit,
 * {@code Idempotency-Key} replay over {@code idempotency_keys}), the Tomcat error valve, the exception handlers that
 * write problem documents, the problem catalog and the OpenAPI customisation.
 */
@NullMarked
package dev.camroll.api.internal;

import org.jspecify.annotations.NullMarked;
