package dev.camroll.consent;

/** A purpose's state for one user. */
public enum ConsentState {
    GIVEN,
    WITHDRAWN,
    NOT_ASKED
}
