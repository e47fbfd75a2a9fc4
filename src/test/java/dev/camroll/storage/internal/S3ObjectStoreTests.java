package dev.camroll.storage.internal;

import java.util.ArrayList;
import java.util.List;

import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;
import dev.camroll.storage.Staging;
import dev.camroll.storage.StorageSettings;
import dev.camroll.testing.TestObjectStorage;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.DeleteObjectsRequest;
import software.amazon.awssdk.services.s3.model.MultipartUpload;

import static dev.camroll.storage.internal.TestBytes.MiB;
import static dev.camroll.storage.internal.TestBytes.random;
import static dev.camroll.storage.internal.TestBytes.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The object store contract on the S3 adapter, against a real S3 endpoint ({@link TestObjectStorage}: MinIO or
 * S3Proxy), with the client settings the service uses; plus where staged bytes live in the bucket.
 */
class S3ObjectStoreTests extends ObjectStoreContract {

    private final TestObjectStorage s3 = TestObjectStorage.get();

    private final List<S3Client> clients = new ArrayList<>();

    private String bucket;

    @Override
    protected ObjectStore createStore() {
        bucket = s3.createBucket();
        return anotherInstance();
    }

    @Override
    protected ObjectStore anotherInstance() {
        S3Client client = S3Clients.builder(settings())
                .credentialsProvider(s3.credentials())
                .build();
        clients.add(client);
        return new S3ObjectStore(client, bucket);
    }

    private StorageSettings.S3 settings() {
        return new StorageSettings.S3(s3.endpoint(), bucket, TestObjectStorage.REGION, true);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(S3Client::close);
    }

    @Test
    void fullPartsGoToAMultipartUploadAndOnlyTheTailIsAnObjectUnderStaging() {
        Staging staging = store.staging();

        staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(6 * MiB + 10, 1)));

        assertThat(store.list("staging/")).containsExactly("staging/up1/tail-00001");
        assertThat(store.head("staging/up1/tail-00001").orElseThrow().size()).isEqualTo(MiB + 10);
        assertThat(uploads("u/k1/original/m1")).hasSize(1);
    }

    @Test
    void anS3ObjectHasNoLocalFile() {
        store.put("u/k1/original/m1", stream(random(1024, 3)), 1024);

        assertThat(store.localFile("u/k1/original/m1")).isEmpty();
    }

    @Test
    void aSmallStagingNeedsNoMultipartUpload() {
        Staging staging = store.staging();
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(MiB, 1)))
                .state();

        assertThat(uploads("u/k1/original/m1")).isEmpty();
        staging.complete(state);
        assertThat(store.head("u/k1/original/m1").orElseThrow().size()).isEqualTo(MiB);
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void beginningAgainAbortsAnEarlierAttemptAndDiscardAbortsTheRest() {
        Staging staging = store.staging();
        StagedState state = staging.begin("staging/up1", "u/k1/original/m1");
        state = staging.append(state, stream(random(6 * MiB, 1))).state();
        assertThat(uploads("u/k1/original/m1")).hasSize(1);
        // Starting over (an attempt whose state was never stored) leaves no second multipart upload behind.
        staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(5 * MiB, 2)));
        assertThat(uploads("u/k1/original/m1")).hasSize(1);

        staging.discard(state);

        assertThat(uploads("u/k1/original/m1")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void deleteByPrefixAlsoAbortsUnfinishedUploadsUnderThePrefix() {
        // Where the service can list uploads by prefix (AWS S3, S3Proxy; MinIO cannot): elsewhere discard, which
        // names the exact key, and the service's own expiry of stale uploads remove them.
        assumeTrue(s3.listsUploadsByPrefix(), "this S3 service lists multipart uploads by exact key only");
        Staging staging = store.staging();
        staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(5 * MiB, 1)));
        staging.append(staging.begin("staging/up2", "u/k2/original/m1"), stream(random(5 * MiB, 2)));

        store.deleteByPrefix("u/k1/");

        assertThat(uploads("u/k1/original/m1")).isEmpty();
        assertThat(uploads("u/k2/original/m1")).hasSize(1);
    }

    @Test
    void unfinishedUploadsAreListedByPrefixAndAbortedOneByOne() {
        assumeTrue(s3.listsUploadsByPrefix(), "MinIO lists unfinished uploads by exact key only");
        Staging staging = store.staging();
        staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(6 * MiB, 1)));
        staging.append(staging.begin("staging/up2", "u/k2/original/m2"), stream(random(6 * MiB, 2)));

        List<Staging.UnfinishedUpload> unfinished = staging.unfinished("u/k1/");

        assertThat(unfinished).singleElement().satisfies(upload -> {
            assertThat(upload.key()).isEqualTo("u/k1/original/m1");
            assertThat(upload.initiated()).isNotNull();
        });
        staging.abort(unfinished.get(0));
        staging.abort(unfinished.get(0));
        assertThat(uploads("u/k1/original/m1")).isEmpty();
        assertThat(staging.unfinished(""))
                .extracting(Staging.UnfinishedUpload::key)
                .containsExactly("u/k2/original/m2");
    }

    @Test
    void deleteByPrefixListsAndDeletesInBatches() {
        // S3 lists and deletes up to 1,000 keys per request; batches of 10 show the paging with 25 objects.
        S3ObjectStore batched = new S3ObjectStore(clients.get(0), bucket, 10);
        for (int i = 0; i < 25; i++) {
            batched.put("u/many/thumb/" + String.format("%02d", i) + ".jpg", stream(new byte[] {(byte) i}), 1);
        }
        batched.put("u/other/thumb/1.jpg", stream(new byte[] {1}), 1);

        List<String> deleted = batched.deleteByPrefix("u/many/");

        assertThat(deleted)
                .hasSize(25)
                .isSorted()
                .startsWith("u/many/thumb/00.jpg")
                .endsWith("u/many/thumb/24.jpg");
        assertThat(batched.list("")).containsExactly("u/other/thumb/1.jpg");
    }

    @Test
    void batchDeletesCarryTheContentMd5ThatSomeS3CompatibleServicesRequire() {
        List<SdkHttpRequest> sent = new ArrayList<>();
        S3ClientBuilder builder = S3Clients.builder(settings()).credentialsProvider(s3.credentials());
        builder.overrideConfiguration(builder.overrideConfiguration().toBuilder()
                .addExecutionInterceptor(new ExecutionInterceptor() {

                    @Override
                    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                        if (context.request() instanceof DeleteObjectsRequest) {
                            sent.add(context.httpRequest());
                        }
                    }
                })
                .build());
        S3Client client = builder.build();
        clients.add(client);
        ObjectStore recorded = new S3ObjectStore(client, bucket);
        recorded.put("u/k1/thumb/1.jpg", stream(new byte[] {1}), 1);

        assertThat(recorded.deleteByPrefix("u/k1/")).containsExactly("u/k1/thumb/1.jpg");

        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).firstMatchingHeader("Content-MD5"))
                .get(InstanceOfAssertFactories.STRING)
                .matches("[A-Za-z0-9+/]{22}==");
    }

    @Test
    void theRegionFallsBackToUsEast1() {
        assertThat(S3Clients.region(new StorageSettings.S3(null, "b", "eu-central-1", false))
                        .id())
                .isEqualTo("eu-central-1");
        assertThat(S3Clients.region(new StorageSettings.S3(null, "b", " ", false))
                        .id())
                .isIn("us-east-1", System.getenv("AWS_REGION"), System.getProperty("aws.region"));
    }

    /** The unfinished multipart uploads to exactly this key (the listing every S3 service supports). */
    private List<MultipartUpload> uploads(String key) {
        try (S3Client client = s3.client()) {
            return client.listMultipartUploads(b -> b.bucket(bucket).prefix(key)).uploads().stream()
                    .filter(upload -> upload.key().equals(key))
                    .toList();
        }
    }
}
