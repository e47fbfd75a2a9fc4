/** The privacy module's purges (requests, the purge-user job, their table), exports and HTTP endpoints. */
@NullMarked
package dev.camroll.privacy.internal;

import org.jspecify.annotations.NullMarked;
