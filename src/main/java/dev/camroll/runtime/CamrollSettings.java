package dev.camroll.runtime;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every module.
 *
 * @param dataDir Where the embedded PostgreSQL (postgres/), locally created keys (keys/), the filesystem object store
 *     (objects/) and the analysis's copies of photos (work/analysis/, in every mode, removed at start-up and by a
 *     user's purge) live.
 * @param database Checks on the database connection.
 */
@ConfigurationProperties("camroll")
public record CamrollSettings(
        @DefaultValue("./var") Path dataDir, @DefaultValue Database database) {

    public Path keysDir() {
        return dataDir.resolve("keys");
    }

    /**
     * Checks on the database connection ({@code camroll.database.*}).
     *
     * @param allowPrivilegedRole Start even when the service's database role is a superuser or owns tables, with a
     *     warning instead of a refusal. For experiments only: such a role could switch off the ledger's append-only
     *     triggers.
     */
    public record Database(@DefaultValue("false") boolean allowPrivilegedRole) {}
}
