package dev.camroll.suggestions;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How suggestions are built ({@code camroll.suggestions.*}, docs/architecture.md#suggestions), after each settled
 * batch.
 *
 * @param momentGap A moment ends where the next shot, in local capture order, comes more than this later.
 * @param momentDistanceKm A moment also ends where consecutive geotagged shots are more than this many kilometres
 *     apart.
 * @param nearDuplicateBits Shots of a moment whose difference hashes differ in at most this many of 64 bits are
 *     near-duplicates: only the best of them counts.
 * @param collageMinShots The fewest distinct shots a moment needs for a collage.
 * @param collageMaxShots The most shots a collage shows (the best by quality).
 * @param recapMinShots The fewest distinct shots a calendar month needs for a recap.
 * @param recapMinMoments The fewest moments a recap's shots must come from.
 * @param recapMaxShots The most shots a recap's mosaic shows.
 * @param themeMinShots The fewest distinct shots a theme needs (a holiday, a birthday or anniversary, this day in an
 *     earlier year, a golden hour).
 * @param tripDistanceKm A trip is made of moments at least this many kilometres from the user's home base, over at
 *     least two calendar days; trips and golden hours need location_analysis.
 * @param homeCellKm The home base is the grid cell of this size, in kilometres, where most geotagged shots were taken.
 * @param goldenHourWindow A golden-hour shot is taken within this of sunrise or sunset at its own position.
 * @param goldenWarmth A golden-hour shot's colours are at least this warm (mean red minus blue, -1 to 1).
 */
@ConfigurationProperties("camroll.suggestions")
@Validated
public record SuggestionSettings(
        @DefaultValue("3h") @DurationMin(minutes = 1) Duration momentGap,
        @DefaultValue("50") @DecimalMin("0.1") double momentDistanceKm,
        @DefaultValue("6") @Min(0) @Max(32) int nearDuplicateBits,
        @DefaultValue("4") @Min(1) @Max(9) int collageMinShots,
        @DefaultValue("9") @Min(4) @Max(9) int collageMaxShots,
        @DefaultValue("12") @Min(1) int recapMinShots,
        @DefaultValue("3") @Min(1) int recapMinMoments,
        @DefaultValue("16") @Min(4) @Max(16) int recapMaxShots,
        @DefaultValue("3") @Min(1) int themeMinShots,
        @DefaultValue("100") @DecimalMin("1") double tripDistanceKm,
        @DefaultValue("10") @DecimalMin("0.1") double homeCellKm,
        @DefaultValue("45m") @DurationMin(minutes = 1) Duration goldenHourWindow,
        @DefaultValue("0.08") @DecimalMin("-1") double goldenWarmth) {

    /** The defaults: what binding no properties at all gives, so they are written only in the annotations above. */
    public static SuggestionSettings defaults() {
        return new Binder().bindOrCreate("camroll.suggestions", SuggestionSettings.class);
    }

    public SuggestionSettings {
        if (collageMaxShots < collageMinShots) {
            throw new IllegalArgumentException("camroll.suggestions.collage-max-shots (" + collageMaxShots
                    + ") must not be below camroll.suggestions.collage-min-shots (" + collageMinShots + ")");
        }
    }
}
