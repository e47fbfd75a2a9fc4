package dev.camroll.privacy;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How purges and exports run ({@code camroll.privacy.*}).
 *
 * @param purgeDeadline A purge (after a withdrawal of cloud_processing or DELETE /v1/me) is due this long after it was
 *     requested; one that takes longer is overdue (logged, counted in camroll.privacy.purges.overdue). It is also how
 *     long a purge waits for the user's running work (an analysis, a streaming upload) before it tries again later.
 * @param concurrentExports Exports (GET /v1/me/export) this instance writes at once; each holds a database connection
 *     and snapshot while its client reads, so this stays well below the connection pool. One more is 503
 *     service-unavailable with Retry-After; a user's second export while the first is still being sent is 429
 *     rate-limited.
 */
@ConfigurationProperties("camroll.privacy")
@Validated
public record PrivacySettings(
        @DefaultValue("60s") @DurationMin(seconds = 1) Duration purgeDeadline,
        @DefaultValue("4") @Min(1) @Max(64) int concurrentExports) {}
