package dev.camroll.upload;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Upload settings ({@code camroll.upload.*}).
 *
 * @param expiry How long an incomplete upload lives after its last progress, or after the last manifest line that
 *     shares it (tus expiration extension); a sweep then removes its bytes.
 * @param maxFileSize The largest file accepted (manifests refuse larger lines; tus Tus-Max-Size).
 * @param checkpoint How many bytes of a long PATCH are made durable and recorded at a time, so an instance that dies
 *     mid-request loses at most this much of what it had received, never anything it acknowledged.
 * @param writerLease How long a PATCH holds an upload against a racing one without renewal (renewed while it
 *     streams); a crashed instance's hold ends after this.
 * @param acceptedMimeTypes The types the service can process; manifests refuse others, and the content's magic bytes
 *     must show one of them.
 * @param minRate The slowest a request body may arrive before the request is cut off (its bytes so far are kept).
 * @param concurrentPerUser How many requests of one user may stream bytes into uploads at once on one instance; more
 *     are refused with 429 too-many-uploads.
 * @param concurrentPerInstance How many requests may stream bytes into uploads at once on one instance, each holding
 *     a request thread; more are refused with 503 service-unavailable, so the other endpoints always find a thread
 *     (keep it below server.tomcat.threads.max).
 * @param interimResponses Whether an IETF-draft upload gets its 104 (Upload Resumption Supported) before the body
 *     is read, which lets iOS resume it by itself. Turn it off behind a proxy that does not relay a 104 (nginx takes it
 *     for the final answer and breaks the exchange); uploads then still work, without that resumption.
 */
@ConfigurationProperties("camroll.upload")
@Validated
public record UploadSettings(
        @DefaultValue("24h") @NotNull Duration expiry,
        @DefaultValue("4GB") @NotNull DataSize maxFileSize,
        @DefaultValue("32MB") @NotNull DataSize checkpoint,
        @DefaultValue("30s") @NotNull Duration writerLease,

        @DefaultValue({
            "image/jpeg",
            "image/heic",
            "image/heif",
            "image/png",
            "image/webp",
            "image/gif",
            "video/mp4",
            "video/quicktime"
        })
        @NotEmpty
        List<String> acceptedMimeTypes,

        @DefaultValue @NotNull @Valid MinRate minRate,
        @DefaultValue("4") @Min(1) int concurrentPerUser,
        @DefaultValue("300") @Min(1) int concurrentPerInstance,
        @DefaultValue("true") boolean interimResponses) {

    /**
     * The minimum rate of a request body: once a request has waited {@code grace} for its bytes, each {@code window}
     * of waiting must bring at least {@code bytes}, else the request is cut off (408 upload-too-slow). Only time spent
     * waiting for the client counts, not the server's own (storing a checkpoint). A client that sends nothing at all
     * is cut off by the web server's read timeout (server.tomcat.connection-timeout) the same way.
     *
     * @param bytes The fewest bytes a window of waiting must bring.
     * @param window The sliding window the bytes are counted over.
     * @param grace How long a request runs before it is first judged (the first window begins after it).
     */
    public record MinRate(
            @DefaultValue("16KB") @NotNull DataSize bytes,
            @DefaultValue("60s") @NotNull Duration window,
            @DefaultValue("30s") @NotNull Duration grace) {}

    /** Whether a file of this type and kind ({@code photo} or {@code video}) is accepted. */
    public boolean accepts(String mimeType, String kind) {
        String type = mimeType.toLowerCase(Locale.ROOT);
        return acceptedMimeTypes.contains(type) && type.startsWith("photo".equals(kind) ? "image/" : "video/");
    }
}
