package dev.camroll.consent;

import dev.camroll.api.ProblemType;

/** The problem types of consent decisions. The slugs are part of the contract: never renamed or reused. */
public enum ConsentProblem implements ProblemType {
    CONSENT_REQUIRED("consent-required", 403, "Consent is required"),
    NOTICE_OUTDATED("notice-outdated", 409, "The notice is not the current one"),
    CONSENT_DEPENDENCY("consent-dependency", 409, "A required purpose is not given"),
    PURGE_PENDING("purge-pending", 409, "The purge of the user's data has not finished yet");

    private final Definition definition;

    ConsentProblem(String slug, int status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
