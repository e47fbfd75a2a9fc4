package dev.camroll.transparency.internal;

import java.util.Base64;

import dev.camroll.runtime.CamrollSettings;
import dev.camroll.runtime.JwkFiles;
import dev.camroll.transparency.TransparencySettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Signs checkpoints (C2SP tlog-checkpoint: origin, size, base64 root, each on a line) as signed notes with the log's
 * key, whose name is the origin. Every instance of a cluster must hold the same key, as for receipts.
 */
@Component
class Checkpoints {

    private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);

    private final LogKey key;

    Checkpoints(TransparencySettings settings, CamrollSettings camroll, Environment environment) {
        if (StringUtils.hasText(settings.signingKey())) {
            this.key = LogKey.parse(settings.signingKey(), "camroll.transparency.signing-key");
        } else if (environment.containsProperty("spring.datasource.url") && !settings.keyInDataDir()) {
            // Several instances on one database would each sign as a log of their own: every client would see forks.
            throw new IllegalStateException(
                    "With an external database (spring.datasource.url), the transparency log's checkpoints must be "
                            + "signed with a key from configuration: set camroll.transparency.signing-key "
                            + "(make one with `camroll log-key <origin>`, docs/operations.md) or, for a single instance, "
                            + "camroll.transparency.key-in-data-dir=true.");
        } else {
            var file = camroll.keysDir().resolve("transparency-log.key");
            this.key = LogKey.parse(
                    JwkFiles.loadOrCreateText(
                            file, () -> LogKey.generate(settings.origin()).privateText()),
                    file.toString());
            log.info(
                    "Checkpoints of the log {} are signed with the key in {}",
                    key.name(),
                    file.toAbsolutePath().normalize());
        }
    }

    String origin() {
        return key.name();
    }

    String verifierKey() {
        return key.verifierKey();
    }

    String sign(long size, byte[] root) {
        return key.sign(origin() + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n");
    }
}
