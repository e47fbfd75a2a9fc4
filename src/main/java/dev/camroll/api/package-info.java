/**
 * Conventions every endpoint of the public API shares: RFC 9457 problem documents and the one list of
 * problem types, UUIDv7 ids, cursor pages, the request body limit and {@code Idempotency-Key} replay.
 */
package dev.camroll.api;
