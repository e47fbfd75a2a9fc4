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

    /** The scope's name as stored and as the API shows it ({@code withdrawal}, {@code account}). */
    public String column() {
        return column;
    }
}
