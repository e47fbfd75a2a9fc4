package dev.camroll.consent;

import java.util.Set;

import dev.camroll.identity.Subject;

/** What every module asks before doing anything with a user's data; it follows the ledger at once. */
public interface ConsentGate {

    /**
     * The purposes {@code subject} currently gives, from one read of the ledger: for work that asks about several at
     * the same moment.
     */
    Set<Purpose> given(Subject subject);

    /** Whether {@code subject} currently gives {@code purpose}. */
    default boolean isGiven(Subject subject, Purpose purpose) {
        return given(subject).contains(purpose);
    }

    /** Throws {@link ConsentRequiredException} ({@code consent-required}) unless the purpose is given. */
    default void require(Subject subject, Purpose purpose) {
        if (!isGiven(subject, purpose)) {
            throw new ConsentRequiredException(purpose);
        }
    }
}
