package dev.camroll.sync;

import dev.camroll.api.ProblemType;
import org.springframework.http.HttpStatusCode;

/** The problem types of devices and batch manifests. The slugs are part of the contract: never renamed or reused. */
public enum SyncProblem implements ProblemType {
    QUOTA_EXCEEDED("quota-exceeded", 413, "The file would exceed the storage quota"),
    TOO_MANY_DEVICES("too-many-devices", 409, "The user has as many devices in use as allowed");

    private final String slug;

    private final HttpStatusCode status;

    private final String title;

    SyncProblem(String slug, int status, String title) {
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
