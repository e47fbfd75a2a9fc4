package dev.camroll.privacy;

/** What a purge deletes. */
public enum PurgeScope {

    /** Everything {@code cloud_processing} allowed: media, derivatives, uploads, batches, suggestions, occasions. */
    WITHDRAWAL("withdrawal"),

    /** That and the rest of the account (devices): {@code DELETE /v1/me}. */
    ACCOUNT("account");

    private final String column;

    PurgeScope(String column) {
        this.column = column;
    }

    public String column() {
        return column;
    }

    static PurgeScope ofColumn(String value) {
        for (PurgeScope scope : values()) {
            if (scope.column.equals(value)) {
                return scope;
            }
        }
        throw new IllegalArgumentException(value);
    }
}
