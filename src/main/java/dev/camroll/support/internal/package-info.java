/**
 * The support module's web adapters and what they need: the support API controller, the console's pages, security,
 * sign-in and its throttle (the owner of {@code console_sign_in_attempts}), and the access log writer every look goes
 * through first.
 */
@NullMarked
package dev.camroll.support.internal;

import org.jspecify.annotations.NullMarked;
