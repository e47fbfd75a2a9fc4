package dev.camroll.media;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A processed photo as the suggestions see it: when and where it was taken, its size, its fingerprint and quality.
 *
 * @param mediaId the media
 * @param takenLocal the camera's wall-clock time (EXIF), or the capture instant in UTC when the file states none
 * @param takenAt the best-known capture instant
 * @param latitude the position, only while the user gives {@code location_analysis} (else never stored)
 * @param longitude see latitude
 * @param width the displayed width
 * @param height the displayed height
 * @param differenceHash the 64-bit difference hash; near-duplicates differ in few bits
 * @param sharpness the variance of the Laplacian (0 flat, under about 50 blurred, hundreds to thousands crisp)
 * @param brightness the mean luma, 0 to 1
 * @param colourfulness Hasler and Suesstrunk's M, about 0 to 180
 * @param warmth the mean of red minus blue, -1 to 1
 */
public record Shot(
        UUID mediaId,
        LocalDateTime takenLocal,
        Instant takenAt,
        @Nullable Double latitude,
        @Nullable Double longitude,
        int width,
        int height,
        long differenceHash,
        double sharpness,
        double brightness,
        double colourfulness,
        double warmth) {

    /** Whether the shot has a position. */
    public boolean isGeotagged() {
        return latitude != null && longitude != null;
    }
}
