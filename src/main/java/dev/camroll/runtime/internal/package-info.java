/**
 * The runtime's workings: the Spring configuration of the embedded database and of the process-wide beans, the
 * recovery of a cluster a crashed process left, the postmaster's watchdog, the start-up role check, the loops'
 * health indicator and Tomcat's handling of unread bodies.
 */
@NullMarked
package dev.camroll.runtime.internal;

import org.jspecify.annotations.NullMarked;
