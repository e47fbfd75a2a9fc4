package dev.camroll.privacy;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How purges run.
 *
 * @param purgeDeadline a purge is due this long after it was requested; one that takes longer is overdue (logged,
 *     counted in {@code camroll.privacy.purges.overdue}), and it is also how long a purge waits for the user's
 *     running work (an analysis, a streaming upload) before it tries again later
 */
@ConfigurationProperties("camroll.privacy")
@Validated
record PrivacySettings(@DefaultValue("60s") @DurationMin(seconds = 1) Duration purgeDeadline) {
}
