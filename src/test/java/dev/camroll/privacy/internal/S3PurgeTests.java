package dev.camroll.privacy.internal;

import dev.camroll.testing.TestObjectStorage;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The purge on S3 (MinIO in a container when Docker answers, else S3Proxy in this JVM). */
class S3PurgeTests extends PurgeContract {

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        TestObjectStorage.get().configureService(registry);
    }
}
