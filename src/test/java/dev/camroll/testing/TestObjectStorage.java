package dev.camroll.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.MinIOContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The one switch for the tests' S3: MinIO in a container (Testcontainers) when a Docker engine answers, otherwise
 * S3Proxy in this JVM on a temporary directory. Either way a real S3 endpoint on loopback that checks request
 * signatures; one per test JVM, a fresh bucket per test class.
 */
public final class TestObjectStorage {

    /** A MinIO release with the S3 checksum headers of AWS SDK 2.30+; pinned so CI does not drift. */
    static final String MINIO_IMAGE = "minio/minio:RELEASE.2025-04-22T22-12-26Z";

    public static final String REGION = "us-east-1";

    private static final String ACCESS_KEY = "camroll-test";

    private static final String SECRET_KEY = "camroll-test-secret";

    private static TestObjectStorage instance;

    private static final List<String> SERVICE_BUCKETS = new CopyOnWriteArrayList<>();

    private final URI endpoint;

    private final String accessKey;

    private final String secretKey;

    private final String kind;

    private final boolean listsUploadsByPrefix;

    private TestObjectStorage(
            URI endpoint, String accessKey, String secretKey, String kind, boolean listsUploadsByPrefix) {
        this.endpoint = endpoint;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.kind = kind;
        this.listsUploadsByPrefix = listsUploadsByPrefix;
    }

    public static synchronized TestObjectStorage get() {
        if (instance == null) {
            instance = DockerClientFactory.instance().isDockerAvailable() ? minio() : s3proxy();
            System.out.println("S3 tests run on " + instance.kind + " at " + instance.endpoint);
        }
        return instance;
    }

    private static TestObjectStorage minio() {
        MinIOContainer minio =
                new MinIOContainer(MINIO_IMAGE).withUserName(ACCESS_KEY).withPassword(SECRET_KEY);
        minio.start();
        Runtime.getRuntime().addShutdownHook(new Thread(minio::stop));
        return new TestObjectStorage(
                URI.create(minio.getS3URL()),
                minio.getUserName(),
                minio.getPassword(),
                "MinIO in a container (Testcontainers)",
                false);
    }

    private static TestObjectStorage s3proxy() {
        try {
            return s3proxy(Files.createTempDirectory("camroll-test-s3"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * S3Proxy in this JVM keeping its bytes in {@code dir}, for a benchmark that measures S3 and deletes its run
     * directory afterwards (the tests share {@link #get()}); it stops when the JVM exits.
     */
    public static TestObjectStorage s3proxy(Path dir) {
        try {
            S3Proxy proxy = S3Proxy.builder()
                    .blobStore(new FilesystemNio2BlobStore(dir.toString()))
                    .endpoint(URI.create("http://127.0.0.1:0"))
                    .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                    .build();
            proxy.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
                }
                Thread.sleep(10);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    proxy.stop();
                } catch (Exception e) {
                    // The JVM is going away.
                }
            }));
            return new TestObjectStorage(
                    URI.create("http://127.0.0.1:" + proxy.getPort()),
                    ACCESS_KEY,
                    SECRET_KEY,
                    "S3Proxy in-process",
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    /** The buckets services under test were pointed at in this JVM, for a look at what the tests left. */
    public static List<String> serviceBuckets() {
        return List.copyOf(SERVICE_BUCKETS);
    }

    /**
     * Whether ListMultipartUploads takes a key prefix, as AWS S3 and S3Proxy do; MinIO lists the uploads of one
     * exact key only.
     */
    public boolean listsUploadsByPrefix() {
        return listsUploadsByPrefix;
    }

    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey));
    }

    /** A plain client, independent of the code under test, to set up buckets and look at what was stored. */
    public S3Client client() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(credentials())
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .build();
    }

    /** Creates a bucket no other test uses and returns its name. */
    public String createBucket() {
        String bucket = "camroll-test-" + UUID.randomUUID().toString().substring(0, 13);
        try (S3Client s3 = client()) {
            s3.createBucket(b -> b.bucket(bucket));
        }
        return bucket;
    }

    /**
     * Points a service under test at a new bucket of this S3 endpoint ({@code camroll.storage.type=s3}); the
     * credentials go the way production's do, through the AWS SDK's default chain (system properties here).
     *
     * @return the bucket's name
     */
    public String configureService(DynamicPropertyRegistry registry) {
        String bucket = createBucket();
        SERVICE_BUCKETS.add(bucket);
        System.setProperty("aws.accessKeyId", accessKey());
        System.setProperty("aws.secretAccessKey", secretKey());
        registry.add("camroll.storage.type", () -> "s3");
        registry.add("camroll.storage.s3.endpoint", () -> endpoint().toString());
        registry.add("camroll.storage.s3.bucket", () -> bucket);
        registry.add("camroll.storage.s3.region", () -> REGION);
        registry.add("camroll.storage.s3.path-style-access", () -> "true");
        return bucket;
    }
}
