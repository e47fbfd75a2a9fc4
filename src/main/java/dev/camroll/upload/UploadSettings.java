package dev.camroll.upload;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Upload settings.
 *
 * @param expiry how long an incomplete upload lives (tus expiration extension); its bytes are removed after
 * @param maxFileSize the largest file accepted (manifests refuse larger lines; tus {@code Tus-Max-Size})
 * @param checkpoint how many bytes of a long PATCH are made durable and recorded at a time, so an instance that
 *     dies mid-request loses at most this much of what it had received
 * @param writerLease how long a PATCH holds an upload against a racing one without renewal; a crashed instance's
 *     hold ends after this
 * @param acceptedMimeTypes the types the service can process; manifests refuse others, and the content's magic
 *     bytes must show one of them
 */
@ConfigurationProperties("camroll.upload")
@Validated
public record UploadSettings(@DefaultValue("24h") @NotNull Duration expiry,
        @DefaultValue("4GB") @NotNull DataSize maxFileSize,
        @DefaultValue("32MB") @NotNull DataSize checkpoint,
        @DefaultValue("30s") @NotNull Duration writerLease,
        @DefaultValue({"image/jpeg", "image/heic", "image/heif", "image/png", "image/webp", "image/gif", "video/mp4",
                "video/quicktime"}) @NotEmpty List<String> acceptedMimeTypes) {

    /** Whether a file of this type and kind ({@code photo} or {@code video}) is accepted. */
    public boolean accepts(String mimeType, String kind) {
        String type = mimeType.toLowerCase(Locale.ROOT);
        return acceptedMimeTypes.contains(type) && type.startsWith("photo".equals(kind) ? "image/" : "video/");
    }
}
