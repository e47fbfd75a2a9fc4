package dev.camroll.api;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the public API.
 *
 * @param maxBodySize largest JSON request body accepted; larger ones are {@code 413 payload-too-large}
 * @param idempotencyKeyTtl how long a stored {@code Idempotency-Key} answer is replayed
 */
@ConfigurationProperties("camroll.api")
public record ApiSettings(@DefaultValue("512KB") DataSize maxBodySize, @DefaultValue("24h") Duration idempotencyKeyTtl) {
}
