package dev.camroll.consent;

import dev.camroll.api.ProblemType;
import org.springframework.http.HttpStatusCode;

/** The problem types of consent decisions. The slugs are part of the contract: never renamed or reused. */
public enum ConsentProblem implements ProblemType {
    CONSENT_REQUIRED("consent-required", 403, "Consent is required"),
    NOTICE_OUTDATED("notice-outdated", 409, "The notice is not the current one"),
    CONSENT_DEPENDENCY("consent-dependency", 409, "A required purpose is not given"),
    PURGE_PENDING("purge-pending", 409, "The purge of the user's data has not finished yet");

    private final String slug;

    private final HttpStatusCode status;

    private final String title;

    ConsentProblem(String slug, int status, String title) {
        this.slug = slug;
        this.status = HttpStatusCode.valueOf(status);
        this.title = title;
    }

    @Override
    public String slug() {
        return slug;
    }

    @Override
    public HttpStatusCode status() {
        return status;
    }

    @Override
    public String title() {
        return title;
    }
}
