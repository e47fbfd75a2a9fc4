/**
 * Support: staff read a user's consent state and history and revoke on the user's behalf, through the support API
 * ({@code /v1/support}, bearer tokens) or the staff console ({@code /support}, server-rendered pages with their own
 * session sign-in: {@code ConsoleSecurity}). Every look states a reason ({@code X-Access-Reason}, or the console
 * form's {@code reason}) and is written to the access log before any data is read ({@code StaffAccesses}).
 *
 * <p>Owns the table {@code console_sign_in_attempts} (the sign-in throttle's counts, {@code ConsoleSignInThrottle}).
 * It offers other modules nothing to call: only its problem types ({@link dev.camroll.support.SupportProblem}) and
 * its settings ({@link dev.camroll.support.SupportSettings}, {@code camroll.support.*}) are public; it reads the
 * other modules' data through their APIs (the consent ledger and access log, user accounts, devices, media counts).
 */
@ApplicationModule(
        displayName = "Support",
        allowedDependencies = {"api", "consent", "identity", "media", "runtime", "sync"})
@NullMarked
package dev.camroll.support;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
