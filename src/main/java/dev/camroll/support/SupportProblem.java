package dev.camroll.support;

import dev.camroll.api.ProblemType;

/** The problem types of support access to a user's consent records. The slugs are part of the contract: never renamed or reused. */
public enum SupportProblem implements ProblemType {
    ACCESS_REASON_REQUIRED("access-reason-required", 400, "Support access needs a reason of at least 10 characters"),
    ACCESS_LOG_UNAVAILABLE("access-log-unavailable", 503, "The access could not be recorded, so no data is returned");

    private final Definition definition;

    SupportProblem(String slug, int status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
