/**
 * Who is calling: the OAuth2 resource-server set-up, roles from the {@code roles} claim, problem documents for
 * 401 and 403, user accounts (each with a random storage key) and, in the embedded default, the local token
 * issuer with its loopback-only {@code POST /dev/tokens}.
 */
package dev.camroll.identity;
