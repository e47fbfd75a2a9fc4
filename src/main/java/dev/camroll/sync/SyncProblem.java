package dev.camroll.sync;

import dev.camroll.api.ProblemType;

/** The problem types of devices and batch manifests. The slugs are part of the contract: never renamed or reused. */
public enum SyncProblem implements ProblemType {
    QUOTA_EXCEEDED("quota-exceeded", 413, "The file would exceed the storage quota"),
    TOO_MANY_DEVICES("too-many-devices", 409, "The user has as many devices in use as allowed");

    private final Definition definition;

    SyncProblem(String slug, int status, String title) {
        this.definition = new Definition(slug, status, title);
    }

    @Override
    public Definition definition() {
        return definition;
    }
}
