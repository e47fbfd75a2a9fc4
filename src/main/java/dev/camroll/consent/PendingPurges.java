package dev.camroll.consent;

import dev.camroll.identity.Subject;

/**
 * Tells the consent rules whether a purge of a user's data is still under way: consent cannot be given again until
 * it has finished, so giving it again starts from zero. Implemented by the module that runs purges.
 */
public interface PendingPurges {

    /** Whether a purge of {@code subject}'s data has been requested and not finished. */
    boolean pending(Subject subject);
}
