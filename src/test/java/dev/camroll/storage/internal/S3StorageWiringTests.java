package dev.camroll.storage.internal;

import java.nio.file.Files;

import dev.camroll.runtime.CamrollSettings;
import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.IntegrationTest;
import dev.camroll.testing.TestObjectStorage;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

import static dev.camroll.storage.internal.TestBytes.stream;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code camroll.storage.type=s3} puts the service's objects into the configured bucket, with credentials from the
 * AWS SDK's default provider chain (here its {@code aws.accessKeyId}/{@code aws.secretAccessKey} system
 * properties).
 */
@IntegrationTest
class S3StorageWiringTests {

    private static final TestObjectStorage s3 = TestObjectStorage.get();

    private static String bucket;

    @Autowired
    ObjectStore store;

    @Autowired
    CamrollSettings camroll;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        bucket = s3.configureService(registry);
    }

    @Test
    void theServicesObjectsGoToTheConfiguredBucket() {
        store.put("u/wiring/original/m1", stream(new byte[] {1, 2, 3}), 3);

        assertThat(store).isInstanceOf(S3ObjectStore.class);
        try (S3Client client = s3.client()) {
            assertThat(client.getObjectAsBytes(b -> b.bucket(bucket).key("u/wiring/original/m1"))
                            .asByteArray())
                    .containsExactly(1, 2, 3);
        }
        assertThat(Files.exists(camroll.dataDir().resolve("objects"))).isFalse();
        store.delete("u/wiring/original/m1"); // no row owns it: the suite's last class looks for such bytes
    }
}
