package dev.camroll.runtime;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings shared by every module.
 *
 * @param dataDir where the embedded PostgreSQL, the filesystem object store and locally kept keys live
 */
@ConfigurationProperties("camroll")
public record CamrollSettings(@DefaultValue("./var") Path dataDir) {

    public Path keysDir() {
        return dataDir.resolve("keys");
    }
}
