package dev.camroll.suggestions;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How suggestions are built.
 *
 * @param momentGap a moment ends where the next shot (in local capture order) comes more than this later
 * @param momentDistanceKm a moment also ends where consecutive geotagged shots are more than this far apart
 * @param nearDuplicateBits shots of a moment whose difference hashes differ in at most this many of 64 bits are
 *     near-duplicates: only the best of them counts
 * @param collageMinShots the fewest distinct shots a moment needs for a collage
 * @param collageMaxShots the most shots a collage shows (the best by quality)
 * @param recapMinShots the fewest distinct shots a calendar month needs for a recap
 * @param recapMinMoments the fewest moments those shots must come from
 * @param recapMaxShots the most shots a recap's mosaic shows
 * @param themeMinShots the fewest distinct shots a theme needs (a holiday, an occasion, a day in an earlier year, a
 *     golden hour)
 * @param tripDistanceKm a trip is made of moments at least this far from the user's home base
 * @param homeCellKm the home base is the grid cell of this size where most geotagged shots were taken
 * @param goldenHourWindow a golden-hour shot is taken within this of sunrise or sunset at its own position
 * @param goldenWarmth ...and its colours are at least this warm (mean red minus blue, -1 to 1)
 */
@ConfigurationProperties("camroll.suggestions")
@Validated
record SuggestionSettings(
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

    /** The defaults, as {@code application.yml} documents them. */
    static SuggestionSettings defaults() {
        return new SuggestionSettings(
                Duration.ofHours(3), 50, 6, 4, 9, 12, 3, 16, 3, 100, 10, Duration.ofMinutes(45), 0.08);
    }

    SuggestionSettings {
        if (collageMaxShots < collageMinShots) {
            throw new IllegalArgumentException("camroll.suggestions.collage-max-shots (" + collageMaxShots
                    + ") must not be below camroll.suggestions.collage-min-shots (" + collageMinShots + ")");
        }
    }
}
