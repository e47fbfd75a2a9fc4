package dev.camroll.suggestions.internal;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A date the user wants remembered, as {@code /v1/me/occasions} and the export show it (and the request body takes
 * it: the constraints check it).
 */
record Occasion(
        @NotBlank @Size(max = 100) String label,
        @NotNull Kind kind,
        @NotNull @Min(1) @Max(12) Integer month,
        @NotNull @Min(1) @Max(31) Integer day) {

    /** What the date is; the names are the contract's values and what {@code occasions.kind} stores. */
    enum Kind {
        birthday,
        anniversary
    }
}
