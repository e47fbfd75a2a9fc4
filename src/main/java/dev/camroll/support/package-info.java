/**
 * Support: staff read a user's consent state and history and revoke on the user's behalf, through the support API
 * ({@code /v1/support}, bearer tokens) or the staff console ({@code /support}, server-rendered pages with their own
 * session sign-in: {@code ConsoleSecurity}). Every look states a reason ({@code X-Access-Reason}, or the console
 * form's {@code reason}) and is written to the access log before any data is read ({@code StaffAccesses}).
 */
package dev.camroll.support;
