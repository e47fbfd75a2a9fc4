package dev.camroll.media.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What a file's own metadata says about it: when and where it was taken, with what, and how it is shown upright.
 * Every field is null (or 1 for the orientation) when the file does not say.
 *
 * @param capturedAtLocal the camera's wall-clock time: EXIF DateTimeOriginal, or a video's creation time (in UTC
 *     when the container gives only the QuickTime/MP4 {@code mvhd} time, which the specification defines as UTC)
 * @param capturedOffset the offset the file states for that time (EXIF OffsetTimeOriginal or OffsetTime, or the
 *     offset of Apple's {@code com.apple.quicktime.creationdate})
 * @param capturedAt the instant of capture when the file fixes it (a local time with its offset, or a container
 *     time in UTC); null when only a local time is known, so the caller falls back to what it knows
 * @param orientation how the stored pixels are turned to be shown upright, as EXIF Orientation 1..8; always 1 for
 *     HEIF, whose container transformations ({@code irot}/{@code imir}) libheif applies while decoding
 * @param width the width as displayed (orientation or container rotation applied)
 * @param height the height as displayed
 * @param cameraMake the camera's maker, e.g. {@code Apple}
 * @param cameraModel the camera's model, e.g. {@code iPhone 15}
 * @param location where it was taken: EXIF GPS, or a video's ISO 6709 location; privacy rules decide whether it is
 *     kept ({@link #withoutLocation()})
 * @param durationSeconds a video's duration
 * @param videoLocation a video's location as the container wrote it (ISO 6709, e.g. {@code +48.8577+002.2950/})
 * @param problems what could not be read and why; empty when the metadata was read cleanly
 */
record MediaFacts(
        @Nullable LocalDateTime capturedAtLocal,
        @Nullable ZoneOffset capturedOffset,
        @Nullable Instant capturedAt,
        int orientation,
        @Nullable Integer width,
        @Nullable Integer height,
        @Nullable String cameraMake,
        @Nullable String cameraModel,
        @Nullable GeoPoint location,
        @Nullable Double durationSeconds,
        @Nullable String videoLocation,
        List<String> problems) {

    MediaFacts {
        problems = List.copyOf(problems);
    }

    /** Nothing known, for the reason given. */
    static MediaFacts none(String problem) {
        return new MediaFacts(null, null, null, 1, null, null, null, null, null, null, null, List.of(problem));
    }

    /** Whether the metadata was read without any problem. */
    boolean complete() {
        return problems.isEmpty();
    }

    /** The same facts without any location, for a user who has not given {@code location_analysis}. */
    MediaFacts withoutLocation() {
        return new MediaFacts(
                capturedAtLocal,
                capturedOffset,
                capturedAt,
                orientation,
                width,
                height,
                cameraMake,
                cameraModel,
                null,
                durationSeconds,
                null,
                problems);
    }

    /** A point on the earth in signed decimal degrees (north and east positive), always within range. */
    record GeoPoint(double latitude, double longitude) {

        GeoPoint {
            if (!valid(latitude, longitude)) {
                throw new IllegalArgumentException("not a position on earth: " + latitude + ", " + longitude);
            }
        }

        static boolean valid(double latitude, double longitude) {
            return Double.isFinite(latitude)
                    && Double.isFinite(longitude)
                    && Math.abs(latitude) <= 90
                    && Math.abs(longitude) <= 180;
        }
    }
}
