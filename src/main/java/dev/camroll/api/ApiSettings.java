package dev.camroll.api;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of the public API ({@code camroll.api.*}).
 *
 * @param maxBodySize The largest JSON request body accepted; larger ones answer 413 payload-too-large (a 500-line
 *     manifest is about 80 KB).
 * @param idempotencyKeyTtl How long a stored Idempotency-Key answer is replayed.
 * @param idempotencyClaimAbandonedAfter When a first request has not answered after this long (it died with its
 *     instance), a retry with the same key runs again instead of getting 409 idempotency-key-in-use.
 */
@ConfigurationProperties("camroll.api")
@Validated
public record ApiSettings(
        @DefaultValue("512KB") @NotNull DataSize maxBodySize,
        @DefaultValue("24h") @NotNull Duration idempotencyKeyTtl,
        @DefaultValue("2m") @NotNull Duration idempotencyClaimAbandonedAfter) {}
