package dev.camroll.api;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the public API.
 *
 * @param maxBodySize largest JSON request body accepted; larger ones are {@code 413 payload-too-large}
 * @param idempotencyKeyTtl how long a stored {@code Idempotency-Key} answer is replayed
 * @param idempotencyClaimAbandonedAfter when a first request has not answered after this long (it died with its
 *     instance), a retry with the same key runs instead of getting {@code 409 idempotency-key-in-use}
 */
@ConfigurationProperties("camroll.api")
@Validated
public record ApiSettings(
        @DefaultValue("512KB") @NotNull DataSize maxBodySize,
        @DefaultValue("24h") @NotNull Duration idempotencyKeyTtl,
        @DefaultValue("2m") @NotNull Duration idempotencyClaimAbandonedAfter) {}
