package dev.camroll.media;

import java.util.Objects;
import java.util.UUID;

/** A media's id: the one a manifest line is answered with and the API names in {@code /v1/media/{mediaId}}. */
public record MediaId(UUID value) {

    public MediaId {
        Objects.requireNonNull(value, "value");
    }

    /** The media with this id. */
    public static MediaId of(UUID value) {
        return new MediaId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
