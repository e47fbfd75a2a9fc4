package dev.camroll.consent;

import dev.camroll.api.ProblemException;

/** {@code 403 consent-required}: the user has not given the purpose this work needs. */
public class ConsentRequiredException extends ProblemException {

    public ConsentRequiredException(Purpose purpose) {
        super(ConsentProblem.CONSENT_REQUIRED, "This needs consent to '" + purpose.slug() + "'; it is not given.");
        with("purpose", purpose.slug());
    }
}
