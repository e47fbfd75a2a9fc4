/**
 * Who is calling: the OAuth2 resource-server set-up, roles from the {@code roles} claim, problem documents for
 * 401, 403 and (while an issuer's keys cannot be fetched) 503, user accounts (each with a random storage key), the
 * pinned external issuer's decoder and, in the embedded default, the local token issuer with its
 * {@code POST /dev/tokens} for loopback callers that hold the data directory's secret (ADR 0010).
 */
package dev.camroll.identity;
