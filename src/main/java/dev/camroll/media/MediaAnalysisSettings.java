package dev.camroll.media;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.hibernate.validator.constraints.time.DurationMin;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How media are analysed: the limits that keep hostile files harmless and the sizes of what is made from them.
 *
 * @param maxPixels the most pixels (width x height, read from the header before any decoding) an image may have;
 *     larger ones fail as {@code image-too-large}. Phone photos are mostly 12 to 50 MP; the 200 MP mode of some phones
 *     needs a higher limit
 * @param decodeTimeout how long one image may take to decode and to be made into preview, thumbnail and measures
 *     (or one HEIC to convert) before it is abandoned, so no input can hang a worker
 * @param heifConvert the {@code heif-convert} program of libheif (Debian package {@code libheif-examples}), a path
 *     or a name looked up on {@code PATH}; without it HEIC/HEIF media get no preview
 * @param previewSize the longest side of a preview, in pixels
 * @param thumbnailSize the longest side of a thumbnail, in pixels
 * @param jpegQuality the JPEG quality of previews and thumbnails, 0.1 to 1
 * @param failedOriginalRetention how long the original of a media whose analysis failed is kept, so it can be
 *     analysed again after a decoder fix; then it is deleted unless the user gives {@code original_retention}
 */
@ConfigurationProperties("camroll.media")
@Validated
record MediaAnalysisSettings(@DefaultValue("100000000") @Min(1) long maxPixels,
        @DefaultValue("20s") @DurationMin(millis = 1) Duration decodeTimeout,
        @DefaultValue("heif-convert") @NotBlank String heifConvert,
        @DefaultValue("1280") @Min(16) @Max(8192) int previewSize,
        @DefaultValue("320") @Min(16) @Max(8192) int thumbnailSize,
        @DefaultValue("0.85") @DecimalMin("0.1") @DecimalMax("1.0") float jpegQuality,
        @DefaultValue("7d") @DurationMin(millis = 0) Duration failedOriginalRetention) {

    /** The defaults, as {@code application.yml} documents them. */
    static MediaAnalysisSettings defaults() {
        return new MediaAnalysisSettings(100_000_000L, Duration.ofSeconds(20), "heif-convert", 1280, 320, 0.85f,
                Duration.ofDays(7));
    }

    MediaAnalysisSettings {
        if (previewSize < thumbnailSize) {
            throw new IllegalArgumentException("camroll.media.preview-size (" + previewSize
                    + ") must not be smaller than camroll.media.thumbnail-size (" + thumbnailSize + ")");
        }
    }
}
