package dev.camroll.storage.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.camroll.jobs.JobQueue;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.storage.ObjectOwner;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.ReconcilerSettings;
import dev.camroll.storage.StorageSettings;
import dev.camroll.storage.internal.ObjectReconciler.Reconciliation;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestDatabase;
import dev.camroll.testing.TestObjectStorage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import software.amazon.awssdk.services.s3.S3Client;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last test class of the suite ({@code junit-platform.properties} orders classes by {@link Order}, and the others
 * have none): it runs the reconciler with no grace period over every store the services under test used (their data
 * directories, their S3 buckets) against the shared database, and prints what it found, which must be nothing: every
 * byte the other tests' flows left behind is owned by a row.
 */
@Order(Integer.MAX_VALUE)
class ReconcilerSurveyTests extends EndToEndTest {

    @Autowired
    List<ObjectOwner> owners;

    @Autowired
    ReconcilerLease lease;

    @Autowired
    ReconcilerSettings reconcilerSettings;

    @Autowired
    JobQueue jobs;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void theStoresTheOtherTestsUsedHoldNothingThatNoRowOwns() {
        List<String> orphaned = new ArrayList<>();
        for (Path dataDir : TestDatabase.dataDirs()) {
            Path objects = dataDir.resolve("objects");
            if (Files.isDirectory(objects)) {
                survey("filesystem " + objects, new FilesystemObjectStore(objects), orphaned);
            }
        }
        if (!TestObjectStorage.serviceBuckets().isEmpty()) {
            TestObjectStorage s3 = TestObjectStorage.get();
            try (S3Client client = S3Clients.builder(
                            new StorageSettings.S3(s3.endpoint(), "any", TestObjectStorage.REGION, true))
                    .credentialsProvider(s3.credentials())
                    .build()) {
                for (String bucket : TestObjectStorage.serviceBuckets()) {
                    survey("S3 bucket " + bucket, new S3ObjectStore(client, bucket), orphaned);
                }
            }
        }

        assertThat(orphaned).isEmpty();
    }

    private void survey(String name, ObjectStore store, List<String> orphaned) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        ObjectReconciler reconciler = new ObjectReconciler(
                store,
                owners,
                lease,
                reconcilerSettings,
                jobs,
                transaction,
                Clock.systemUTC(),
                meters,
                new LoopSupervisor(meters));
        Reconciliation found = reconciler.reconcile(Duration.ZERO, () -> {});
        System.out.printf(
                "SURVEY %s: %d objects and %d unfinished uploads checked, %d and %d orphaned %s%n",
                name,
                found.objectsChecked(),
                found.uploadsChecked(),
                found.orphanedObjects(),
                found.orphanedUploads(),
                found.examples());
        found.examples().forEach(key -> orphaned.add(name + ": " + key));
    }
}
