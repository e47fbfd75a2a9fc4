package dev.camroll.runtime;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every module.
 *
 * @param dataDir where the embedded PostgreSQL, the filesystem object store and locally kept keys live
 * @param database checks on the database connection
 */
@ConfigurationProperties("camroll")
public record CamrollSettings(
        @DefaultValue("./var") Path dataDir, @DefaultValue Database database) {

    public Path keysDir() {
        return dataDir.resolve("keys");
    }

    /**
     * @param allowPrivilegedRole start even when the service's database role is a superuser or owns tables (it
     *     could then switch off the ledger's append-only triggers); for experiments only
     */
    public record Database(@DefaultValue("false") boolean allowPrivilegedRole) {}
}
