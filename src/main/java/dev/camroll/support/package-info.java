/**
 * Support: staff read a user's consent state and history and revoke on the user's behalf. Every call states a
 * reason ({@code X-Access-Reason}) and is written to the access log before any data is read.
 */
package dev.camroll.support;
