package dev.camroll.consent;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a user can consent to; each is its own toggle and all are off until given. */
public enum Purpose {

    /** Upload of camera-roll media, their analysis and suggestions. */
    CLOUD_PROCESSING("cloud_processing"),
    /** Keep and use GPS positions from photos (trips, golden hour). */
    LOCATION_ANALYSIS("location_analysis", CLOUD_PROCESSING),
    /** Keep originals after analysis; without it they are deleted once previews exist. */
    ORIGINAL_RETENTION("original_retention", CLOUD_PROCESSING);

    private final String slug;

    private final List<Purpose> requires;

    Purpose(String slug, Purpose... requires) {
        this.slug = slug;
        this.requires = List.of(requires);
    }

    @JsonValue
    public String slug() {
        return slug;
    }

    /** Purposes that must be given before this one can be. */
    public List<Purpose> requires() {
        return requires;
    }

    /** Purposes that are withdrawn with this one. */
    public List<Purpose> dependants() {
        return Arrays.stream(values()).filter(p -> p.requires.contains(this)).toList();
    }

    public static Optional<Purpose> fromSlug(String slug) {
        return Arrays.stream(values()).filter(p -> p.slug.equals(slug)).findFirst();
    }
}
