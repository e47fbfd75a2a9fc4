/**
 * The web kernel every endpoint of the public API shares: RFC 9457 problem documents ({@link
 * dev.camroll.api.ProblemException}, {@link dev.camroll.api.ProblemType} with {@link dev.camroll.api.CommonProblem}
 * for requests as such, {@link dev.camroll.api.ProblemResponses} for the OpenAPI document), the examples of an
 * endpoint's bodies in that document ({@link dev.camroll.api.Examples}), UUIDv7 {@link
 * dev.camroll.api.Ids}, cursor pages ({@link dev.camroll.api.Page}, {@link dev.camroll.api.PageQuery}), text
 * PostgreSQL can store ({@link dev.camroll.api.StorableText}), the request body limit and {@code Idempotency-Key}
 * replay ({@code camroll.api.*}: {@link dev.camroll.api.ApiSettings}).
 *
 * <p>Owns the table {@code idempotency_keys} (the stored answers; the purge forgets a user's through {@link
 * dev.camroll.api.IdempotencyKeys}). The filters, the Tomcat valve, the exception handlers that turn every problem
 * into HTTP (status, {@code Retry-After}) and the OpenAPI customisation live in {@code internal}.
 */
@ApplicationModule(
        displayName = "API conventions",
        allowedDependencies = {"runtime"})
@NullMarked
package dev.camroll.api;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
