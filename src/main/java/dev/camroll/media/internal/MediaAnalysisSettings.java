package dev.camroll.media.internal;

import java.time.Duration;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * How media are analysed ({@code camroll.media.*}): the limits that keep hostile files harmless and the sizes of what
 * is made from them.
 *
 * @param maxPixels The most pixels (width x height, read from the header before any decoding) an image may have;
 *     larger ones fail as image-too-large. Phone photos are mostly 12 to 50 MP; the 200 MP mode of some phones needs a
 *     higher limit.
 * @param decodeTimeout How long one image may take to decode and to be made into preview, thumbnail and measures (or
 *     one HEIC to convert) before it is abandoned, so no input can hang a worker; the media then fails as
 *     decode-timeout.
 * @param heifConvert The heif-convert program of libheif (Debian package libheif-examples), a path or a name looked
 *     up on PATH. Without it HEIC/HEIF media are processed without a preview (problem no-heic-decoder).
 * @param previewSize The longest side of a preview, in pixels (JPEG, EXIF orientation applied, sRGB).
 * @param thumbnailSize The longest side of a thumbnail, in pixels; not above preview-size.
 * @param jpegQuality The JPEG quality of previews and thumbnails, 0.1 to 1.
 * @param failedOriginalRetention How long the original of a media whose analysis failed is kept, so it can be
 *     analysed again after a decoder fix; then it is deleted (checked hourly) unless the user gives
 *     original_retention.
 * @param maxSide The longest side, in pixels, an image may have (width or height alone), so a decoder's row buffers
 *     stay bounded where max-pixels alone does not (a PNG of 100,000,000 x 1); larger ones fail as image-too-large.
 *     65,535 is JPEG's own maximum.
 * @param maxMetadataSize The most bytes of metadata read into memory for one file (JPEG segments before the image
 *     data, PNG chunks other than image data with their text inflated, a HEIF's meta, a video's moov), 64KB to 1GB;
 *     more fails as image-too-large. A lying length (more than the file holds) fails as undecodable.
 * @param heifConvertMemory The address space heif-convert may use (set with util-linux prlimit, with a CPU-time limit
 *     of decode-timeout), at least 64MB; a conversion that needs more fails as undecodable.
 * @param decodeThreads How many images this process decodes at once; an abandoned decode keeps its thread until it
 *     has stopped, so a job that finds none free within the decode timeout is retried later.
 */
@ConfigurationProperties("camroll.media")
@Validated
record MediaAnalysisSettings(
        @DefaultValue("100000000") @Min(1) long maxPixels,
        @DefaultValue("20s") @DurationMin(millis = 1) Duration decodeTimeout,
        @DefaultValue("heif-convert") @NotBlank String heifConvert,
        @DefaultValue("1280") @Min(16) @Max(8192) int previewSize,
        @DefaultValue("320") @Min(16) @Max(8192) int thumbnailSize,

        @DefaultValue("0.85") @DecimalMin("0.1") @DecimalMax("1.0")
        float jpegQuality,

        @DefaultValue("7d") @DurationMin(millis = 0) Duration failedOriginalRetention,
        @DefaultValue("65535") @Min(16) int maxSide,
        @DefaultValue("16MB") @NotNull DataSize maxMetadataSize,
        @DefaultValue("2GB") @NotNull DataSize heifConvertMemory,
        @DefaultValue("4") @Min(1) @Max(64) int decodeThreads) {

    /** The defaults: what binding no properties at all gives, so they are written only in the annotations above. */
    static MediaAnalysisSettings defaults() {
        return new Binder().bindOrCreate("camroll.media", MediaAnalysisSettings.class);
    }

    MediaAnalysisSettings {
        if (previewSize < thumbnailSize) {
            throw new IllegalArgumentException("camroll.media.preview-size (" + previewSize
                    + ") must not be smaller than camroll.media.thumbnail-size (" + thumbnailSize + ")");
        }
        if (maxMetadataSize != null
                && (maxMetadataSize.toBytes() < 64 * 1024 || maxMetadataSize.toBytes() > 1L << 30)) {
            throw new IllegalArgumentException(
                    "camroll.media.max-metadata-size (" + maxMetadataSize + ") must be between 64KB and 1GB");
        }
        if (heifConvertMemory != null && heifConvertMemory.toMegabytes() < 64) {
            throw new IllegalArgumentException(
                    "camroll.media.heif-convert-memory (" + heifConvertMemory + ") must be at least 64MB");
        }
    }
}
