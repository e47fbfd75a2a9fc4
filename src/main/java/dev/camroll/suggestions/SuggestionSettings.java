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
 */
@ConfigurationProperties("camroll.suggestions")
@Validated
record SuggestionSettings(@DefaultValue("3h") @DurationMin(minutes = 1) Duration momentGap,
        @DefaultValue("50") @DecimalMin("0.1") double momentDistanceKm,
        @DefaultValue("6") @Min(0) @Max(32) int nearDuplicateBits,
        @DefaultValue("4") @Min(1) @Max(9) int collageMinShots,
        @DefaultValue("9") @Min(4) @Max(9) int collageMaxShots,
        @DefaultValue("12") @Min(1) int recapMinShots,
        @DefaultValue("3") @Min(1) int recapMinMoments,
        @DefaultValue("16") @Min(4) @Max(16) int recapMaxShots) {

    /** The defaults, as {@code application.yml} documents them. */
    static SuggestionSettings defaults() {
        return new SuggestionSettings(Duration.ofHours(3), 50, 6, 4, 9, 12, 3, 16);
    }

    SuggestionSettings {
        if (collageMaxShots < collageMinShots) {
            throw new IllegalArgumentException("camroll.suggestions.collage-max-shots (" + collageMaxShots
                    + ") must not be below camroll.suggestions.collage-min-shots (" + collageMinShots + ")");
        }
    }
}
