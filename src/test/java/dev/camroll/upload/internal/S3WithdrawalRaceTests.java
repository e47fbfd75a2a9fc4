package dev.camroll.upload.internal;

import java.util.ArrayList;
import java.util.List;

import dev.camroll.testing.TestObjectStorage;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.S3Object;

/** A PATCH across a withdrawal on S3 (MinIO in a container when Docker answers, else S3Proxy in this JVM). */
class S3WithdrawalRaceTests extends WithdrawalRaceContract {

    private static final TestObjectStorage s3 = TestObjectStorage.get();

    private static String bucket;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        bucket = s3.configureService(registry);
    }

    /**
     * Every object in the bucket and every unfinished multipart upload, by a client of its own: those listed by
     * prefix (AWS, S3Proxy) and those to the given keys (MinIO lists them by exact key only).
     */
    @Override
    List<String> everythingStored(String... finalKeys) {
        List<String> found = new ArrayList<>();
        try (S3Client client = s3.client()) {
            client.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().forEach((S3Object o) -> found.add(o.key()));
            client.listMultipartUploadsPaginator(b -> b.bucket(bucket))
                    .uploads()
                    .forEach((MultipartUpload u) -> found.add("unfinished upload to " + u.key()));
            for (String key : finalKeys) {
                client.listMultipartUploadsPaginator(b -> b.bucket(bucket).prefix(key))
                        .uploads()
                        .forEach((MultipartUpload u) -> found.add("unfinished upload to " + u.key()));
            }
        }
        return found;
    }
}
