package dev.camroll.media.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code camroll.media.*} is read. */
class MediaAnalysisSettingsTests {

    @Test
    void nothingConfiguredMeansTheDocumentedDefaults() {
        assertThat(bind(Map.of())).isEqualTo(MediaAnalysisSettings.defaults());
        assertThat(MediaAnalysisSettings.defaults().maxPixels()).isEqualTo(100_000_000L);
        assertThat(MediaAnalysisSettings.defaults().decodeTimeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(MediaAnalysisSettings.defaults().failedOriginalRetention()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void everySettingCanBeChanged() {
        Map<String, String> properties = new HashMap<>(Map.of(
                "camroll.media.max-pixels",
                "50000000",
                "camroll.media.decode-timeout",
                "5s",
                "camroll.media.heif-convert",
                "/opt/libheif/bin/heif-convert",
                "camroll.media.preview-size",
                "2048",
                "camroll.media.thumbnail-size",
                "256",
                "camroll.media.jpeg-quality",
                "0.9",
                "camroll.media.failed-original-retention",
                "30d"));
        properties.putAll(Map.of(
                "camroll.media.max-side",
                "30000",
                "camroll.media.max-metadata-size",
                "8MB",
                "camroll.media.heif-convert-memory",
                "1GB",
                "camroll.media.decode-threads",
                "2"));
        MediaAnalysisSettings settings = bind(properties);

        assertThat(settings)
                .isEqualTo(new MediaAnalysisSettings(
                        50_000_000L,
                        Duration.ofSeconds(5),
                        "/opt/libheif/bin/heif-convert",
                        2048,
                        256,
                        0.9f,
                        Duration.ofDays(30),
                        30_000,
                        DataSize.ofMegabytes(8),
                        DataSize.ofGigabytes(1),
                        2));
    }

    @Test
    void aThumbnailLargerThanThePreviewIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("camroll.media.thumbnail-size", "2000")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("thumbnail-size");
    }

    @Test
    void limitsOutsideTheirRangesAreInvalid() {
        Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

        assertThat(validator.validate(MediaAnalysisSettings.defaults())).isEmpty();
        assertThat(validator.validate(new MediaAnalysisSettings(
                        0,
                        Duration.ZERO,
                        " ",
                        1280,
                        320,
                        1.5f,
                        Duration.ofDays(-1),
                        8,
                        DataSize.ofMegabytes(16),
                        DataSize.ofGigabytes(2),
                        0)))
                .extracting(violation -> violation.getPropertyPath().toString())
                .containsExactlyInAnyOrder(
                        "maxPixels",
                        "decodeTimeout",
                        "heifConvert",
                        "jpegQuality",
                        "failedOriginalRetention",
                        "maxSide",
                        "decodeThreads");
    }

    private static MediaAnalysisSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("camroll.media", MediaAnalysisSettings.class);
    }
}
