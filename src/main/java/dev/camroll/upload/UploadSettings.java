package dev.camroll.upload;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Upload settings.
 *
 * @param expiry how long an incomplete upload lives (tus expiration extension); its bytes are removed after
 */
@ConfigurationProperties("camroll.upload")
public record UploadSettings(@DefaultValue("24h") Duration expiry) {
}
