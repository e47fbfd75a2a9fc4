package dev.camroll.storage;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The object reconciler ({@code camroll.storage.reconciler.*}): the periodic pass that deletes objects under
 * {@code staging/} and {@code u/} that no row owns.
 *
 * @param enabled Whether this instance queues the passes when they are due (any instance's job workers run them).
 * @param interval How long from the start of one pass to the next, across all instances (one runs at a time).
 * @param grace How old an object (or unfinished upload) must be before the pass may delete it: writes that come
 *     before the row that owns them, and a writer's own cleanup, get this long.
 */
@ConfigurationProperties("camroll.storage.reconciler")
@Validated
public record ReconcilerSettings(
        @DefaultValue("true") boolean enabled,

        @DefaultValue("6h") @NotNull @DurationMin(minutes = 1)
        Duration interval,

        @DefaultValue("1h") @NotNull Duration grace) {

    public ReconcilerSettings {
        if (grace != null && grace.isNegative()) {
            throw new IllegalArgumentException("camroll.storage.reconciler.grace must not be negative: " + grace);
        }
    }
}
