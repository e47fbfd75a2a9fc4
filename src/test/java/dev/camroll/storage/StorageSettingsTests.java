package dev.camroll.storage;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How {@code camroll.storage.*} is read, and what start-up refuses. */
class StorageSettingsTests {

    @Test
    void nothingConfiguredMeansTheFilesystem() {
        StorageSettings settings = bind(Map.of());

        assertThat(settings.type()).isEqualTo(StorageSettings.Type.FILESYSTEM);
        assertThat(settings.s3().pathStyleAccess()).isFalse();
    }

    @Test
    void anS3BucketIsReadWithItsEndpointRegionAndAddressing() {
        StorageSettings settings = bind(Map.of(
                "camroll.storage.type",
                "s3",
                "camroll.storage.s3.endpoint",
                "http://minio:9000",
                "camroll.storage.s3.bucket",
                "camroll",
                "camroll.storage.s3.region",
                "eu-west-1",
                "camroll.storage.s3.path-style-access",
                "true"));

        assertThat(settings.type()).isEqualTo(StorageSettings.Type.S3);
        assertThat(settings.s3())
                .isEqualTo(
                        new StorageSettings.S3(java.net.URI.create("http://minio:9000"), "camroll", "eu-west-1", true));
    }

    @Test
    void anEmptyEndpointMeansAwsItself() {
        StorageSettings settings = bind(Map.of(
                "camroll.storage.type",
                "S3",
                "camroll.storage.s3.endpoint",
                "",
                "camroll.storage.s3.bucket",
                "camroll"));

        assertThat(settings.s3().endpoint()).isNull();
    }

    @Test
    void s3WithoutABucketIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("camroll.storage.type", "s3")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("camroll.storage.s3.bucket must be set");
    }

    @Test
    void anUnknownTypeOrAnEndpointThatIsNoUrlIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("camroll.storage.type", "minio"))).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Map.of(
                        "camroll.storage.type",
                        "s3",
                        "camroll.storage.s3.bucket",
                        "b",
                        "camroll.storage.s3.endpoint",
                        "minio:9000")))
                .isInstanceOf(BindException.class)
                .rootCause()
                .hasMessageContaining("must be an http(s) URL");
    }

    private static StorageSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("camroll.storage", StorageSettings.class);
    }
}
