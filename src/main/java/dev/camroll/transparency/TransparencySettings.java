package dev.camroll.transparency;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Transparency log settings ({@code camroll.transparency.*}).
 *
 * @param signingKey The Ed25519 key that signs checkpoints, as a signed-note private key
 *     (PRIVATE+KEY+origin+key id+base64 key, golang.org/x/mod/sumdb/note; camroll log-key makes one); its name is the log's origin.
 *     Required with an external database (spring.datasource.url) so every instance signs as the same log, unless
 *     key-in-data-dir is true. When empty in the embedded mode, a key is created once under {data-dir}/keys/.
 * @param keyInDataDir With an external database and no configured key, keep the key in the data directory anyway (a
 *     single instance only).
 * @param origin The origin line of the log made in the data directory: the log's URL prefix without the scheme.
 * @param checkpointEntries A checkpoint is signed once this many entries arrived since the last one.
 * @param checkpointInterval A checkpoint is signed at least this often while entries arrive (a receipt that needs a
 *     proof gets one at once).
 */
@ConfigurationProperties("camroll.transparency")
public record TransparencySettings(
        @Nullable String signingKey,
        @DefaultValue("false") boolean keyInDataDir,
        @DefaultValue("localhost/v1/consent/log") String origin,
        @DefaultValue("256") int checkpointEntries,
        @DefaultValue("10s") Duration checkpointInterval) {}
