package dev.camroll.upload.internal;

import java.util.Arrays;

import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TestObjectStorage;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/** Uploads end to end on S3 (MinIO or S3Proxy): parts, tail object, completion, and nothing left on failure. */
class S3UploadTests extends EndToEndTest {

    private static final TestObjectStorage s3 = TestObjectStorage.get();

    private static String bucket;

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        bucket = s3.configureService(registry);
    }

    TusUploads uploads;

    @BeforeEach
    void readyToSync() {
        uploads = new TusUploads(api, token(newUser("s3-user"))).ready(currentNotice("cloud_processing", "en"));
        give(uploads.token(), "original_retention"); // the analysis keeps the original for the checks
    }

    @Test
    void aFileOverSeveralPartsArrivesInPiecesAndLandsInTheBucket() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(7_000_000, 41), "image/jpeg", "photo");
        byte[] content = upload.content();
        int first = 3_000_000;

        assertThat(uploads.patch(upload, 0, Arrays.copyOf(content, first)).status())
                .isEqualTo(204);
        assertThat(uploads.patch(upload, first, Arrays.copyOfRange(content, first, content.length))
                        .status())
                .isEqualTo(204);

        String key = "u/"
                + jdbc.queryForObject(
                        "SELECT user_key FROM user_accounts u JOIN media m ON m.subject = u.subject "
                                + "WHERE m.media_id = ?::uuid",
                        String.class,
                        upload.mediaId())
                + "/original/" + upload.mediaId();
        try (S3Client client = s3.client()) {
            byte[] stored =
                    client.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
            assertThat(TestFiles.sha256(stored)).isEqualTo(TestFiles.sha256(content));
            assertThat(client.listObjectsV2(b -> b.bucket(bucket).prefix("staging/"))
                            .contents())
                    .isEmpty();
        }
    }

    @Test
    void aMismatchLeavesNothingInTheBucket() {
        byte[] other = TestFiles.jpeg(6_000_000, 42);
        TusUploads.Announced upload = uploads.announce(other, TestFiles.sha256(new byte[] {1}), "image/jpeg", "photo");

        assertThat(uploads.patch(upload, 0, Arrays.copyOf(other, 2_000_000)).status())
                .isEqualTo(204);
        assertThat(uploads.patch(upload, 2_000_000, Arrays.copyOfRange(other, 2_000_000, other.length))
                        .status())
                .isEqualTo(422);

        try (S3Client client = s3.client()) {
            assertThat(client.listObjectsV2(b -> b.bucket(bucket)).contents())
                    .noneMatch(
                            o -> o.key().contains(upload.mediaId()) || o.key().startsWith("staging/"));
            assertThat(client.listMultipartUploads(b -> b.bucket(bucket)).uploads())
                    .noneMatch(u -> u.key().contains(upload.mediaId()));
        }
    }
}
