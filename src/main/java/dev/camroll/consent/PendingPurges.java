package dev.camroll.consent;

/**
 * Tells the consent rules whether a purge of a user's data is still under way: consent cannot be given again until
 * it has finished, so giving it again starts from zero. Implemented by the module that runs purges.
 */
public interface PendingPurges {

    boolean pending(String subject);
}
