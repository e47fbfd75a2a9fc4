package dev.camroll.storage.internal;

import dev.camroll.testing.TestObjectStorage;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The reconciler on S3 (MinIO in a container when Docker answers, else S3Proxy in this JVM). */
class S3ObjectReconcilerTests extends ObjectReconcilerContract {

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        TestObjectStorage.get().configureService(registry);
    }

    @Override
    boolean seesUnfinishedUploadsByPrefix() {
        return TestObjectStorage.get().listsUploadsByPrefix();
    }
}
