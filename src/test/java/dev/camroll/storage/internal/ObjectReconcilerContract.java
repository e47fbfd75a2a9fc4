package dev.camroll.storage.internal;

import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobKind;
import dev.camroll.media.MediaSamples;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.Staging;
import dev.camroll.storage.internal.ObjectReconciler.Reconciliation;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The object reconciler against a real store (the subclasses pick it), on a store of its own: after every normal flow
 * it finds nothing to delete, and an orphan planted behind the service's back goes and is counted.
 */
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = "camroll.storage.reconciler.grace=0s")
abstract class ObjectReconcilerContract extends EndToEndTest {

    @Autowired
    ObjectStore store;

    @Autowired
    ObjectReconciler reconciler;

    @Autowired
    ReconcilerLease lease;

    @Autowired
    MeterRegistry meters;

    @Autowired
    ApplicationContext context;

    @Test
    void afterUploadsAnalysesSuggestionsAndAnotherUsersPurgeTheReconcilerFindsNothingToDelete() {
        // Originals kept, positions analysed, five photos of one moment: previews, thumbnails and a rendered collage.
        TusUploads keeper = readyUser("keeper");
        give(keeper.token(), "original_retention");
        give(keeper.token(), "location_analysis");
        keeper.uploadBatch(photos(5, 1));
        // Originals dropped once analysed.
        TusUploads dropper = readyUser("dropper");
        dropper.uploadBatch(photos(5, 2));
        // A file that is not the one announced (its bytes go at once), and one terminated halfway.
        byte[] other = TestFiles.jpeg(300_000, 3);
        TusUploads.Announced lie = dropper.announce(other, TestFiles.sha256(new byte[] {1}), "image/jpeg", "photo");
        assertThat(dropper.patch(lie, 0, other).status()).isEqualTo(422);
        TusUploads.Announced terminated = dropper.announce(TestFiles.jpeg(300_000, 4), "image/jpeg", "photo");
        assertThat(dropper.patch(terminated, 0, Arrays.copyOf(terminated.content(), 100_000))
                        .status())
                .isEqualTo(204);
        assertThat(api.request("DELETE", terminated.path())
                        .token(dropper.token())
                        .header("Tus-Resumable", "1.0.0")
                        .send()
                        .status())
                .isEqualTo(204);
        // An upload in progress: on S3 past its first part, so a multipart upload and a tail hold its bytes.
        TusUploads.Announced inProgress = keeper.announce(TestFiles.random(7_000_000, 5), "image/jpeg", "photo");
        byte[] content = inProgress.content();
        assertThat(keeper.patch(inProgress, 0, Arrays.copyOf(content, 6_000_000))
                        .status())
                .isEqualTo(204);
        // Another user takes consent back: the purge deletes every byte of theirs.
        TusUploads leaver = readyUser("leaver");
        leaver.uploadBatch(photos(4, 6));
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(leaver) == 4);
        assertThat(withdraw(leaver.token(), "cloud_processing").status()).isEqualTo(200);
        awaitPurged(subjects.get(leaver.token()));
        await().atMost(Duration.ofSeconds(90))
                .until(() -> processed(keeper) == 5
                        && processed(dropper) == 5
                        && rendered(keeper) > 0
                        && rendered(dropper) > 0
                        && !workPending(keeper, dropper));
        List<String> before = everythingStored();
        assertThat(before)
                .as("what the flows left")
                .anyMatch(key -> key.contains("/render/"))
                .anyMatch(key -> key.contains("/preview/"))
                .anyMatch(key -> key.contains("/thumb/"))
                .anyMatch(key -> key.contains("/original/"))
                .anyMatch(key -> key.startsWith("staging/" + TusUploads.uploadId(inProgress)));

        Reconciliation found = reconciler.reconcile(Duration.ZERO, () -> {});

        assertThat(found.examples()).isEmpty();
        assertThat(found.foundNothing()).isTrue();
        assertThat(found.objectsChecked())
                .isEqualTo(before.stream()
                        .filter(key -> !key.startsWith("unfinished"))
                        .count());
        assertThat(everythingStored()).isEqualTo(before);
        // Every byte of the upload in progress is still there: the whole file's SHA-256 holds, and only the type
        // check refuses its random content.
        Api.Response rest = keeper.patch(inProgress, 6_000_000, Arrays.copyOfRange(content, 6_000_000, content.length));
        assertThat(rest.problem()).as(rest.body()).isEqualTo("unsupported-media-type");
    }

    @Test
    void aPlantedOrphanIsDeletedCountedAndLoggedAsADefect(CapturedOutput output) {
        TusUploads user = readyUser("owner");
        user.uploadBatch(photos(1, 7));
        await().atMost(Duration.ofSeconds(60)).until(() -> processed(user) == 1 && !workPending(user));
        String userKey = userKey(user);
        List<String> owned = store.list("u/" + userKey + "/");
        List<String> orphans = List.of(
                "u/" + userKey + "/preview/" + UUID.randomUUID() + ".jpg",
                "u/" + userKey + "/render/" + UUID.randomUUID() + ".jpg",
                "u/0123456789abcdef0123456789abcdef/original/" + UUID.randomUUID(),
                "staging/" + UUID.randomUUID() + "/tail-00000");
        orphans.forEach(this::plant);
        // A writer that died after it had filled a part and before it recorded anything (on S3 a multipart upload).
        String stagingKey = "staging/" + UUID.randomUUID();
        String stagedFor = "u/" + userKey + "/original/" + UUID.randomUUID();
        Staging staging = store.staging();
        staging.append(
                staging.begin(stagingKey, stagedFor),
                new ByteArrayInputStream(TestFiles.random(5 * 1024 * 1024 + 10, 8)));
        int unfinished =
                seesUnfinishedUploadsByPrefix() ? staging.unfinished(stagedFor).size() : 0;
        double objectsBefore = counted("object");
        double uploadsBefore = counted("multipart");

        Reconciliation found = reconciler.reconcile(Duration.ZERO, () -> {});

        assertThat(store.list(""))
                .as("only what rows own is left")
                .doesNotContainAnyElementsOf(orphans)
                .noneMatch(key -> key.startsWith(stagingKey))
                .containsAll(owned);
        if (seesUnfinishedUploadsByPrefix()) {
            assertThat(staging.unfinished(stagedFor)).isEmpty();
        }
        // The filesystem stages in one file under staging/; S3 a tail there and a multipart upload to the final key.
        assertThat(found.orphanedObjects()).isEqualTo(orphans.size() + 1);
        assertThat(found.orphanedUploads()).isEqualTo(unfinished);
        assertThat(counted("object") - objectsBefore).isEqualTo(orphans.size() + 1);
        assertThat(counted("multipart") - uploadsBefore).isEqualTo(unfinished);
        assertThat(output).contains("no row owned: a defect").contains(orphans.get(0));
    }

    @Test
    void anOrphanYoungerThanTheGracePeriodIsLeft() {
        String orphan = "u/0123456789abcdef0123456789abcdef/thumb/" + UUID.randomUUID() + ".jpg";
        plant(orphan);

        Reconciliation found = reconciler.reconcile(Duration.ofHours(1), () -> {});

        assertThat(found.foundNothing()).isTrue();
        assertThat(store.head(orphan)).isPresent();
        store.delete(orphan);
    }

    @Test
    void aPassIsQueuedOncePerIntervalAndRunsWhereNoOtherHoldsTheLease() {
        workers().stop(); // the pass queued here is run by hand below
        jdbc.update("UPDATE object_reconciler SET due_at = now()");
        long queued = queuedPasses();

        assertThat(reconciler.queueIfDue()).isTrue();
        assertThat(reconciler.queueIfDue())
                .as("not due again for camroll.storage.reconciler.interval")
                .isFalse();
        assertThat(queuedPasses()).isEqualTo(queued + 1);
        jdbc.update("DELETE FROM jobs WHERE type = ? AND state = 'queued'", ObjectReconciler.RECONCILE_OBJECTS.type());

        String orphan = "u/0123456789abcdef0123456789abcdef/preview/" + UUID.randomUUID() + ".jpg";
        plant(orphan);
        assertThat(lease.take("another-instance", ObjectReconciler.LEASE)).isTrue();
        Job job = new Job(UUID.randomUUID(), ObjectReconciler.RECONCILE_OBJECTS.type(), null, "{}", 1, 5);
        reconciler.handle(job, new JobKind.NoPayload());
        assertThat(store.head(orphan))
                .as("left to the pass that holds the lease")
                .isPresent();

        lease.release("another-instance");
        reconciler.handle(job, new JobKind.NoPayload());
        assertThat(store.head(orphan))
                .as("deleted by this pass, with the grace of the settings (0s)")
                .isEmpty();
        assertThat(jdbc.queryForObject("SELECT holder IS NULL FROM object_reconciler", Boolean.class))
                .isTrue();
    }

    @AfterEach
    void workersRun() {
        workers().start();
    }

    // --- helpers

    /** Whether the store lists unfinished uploads by prefix (the filesystem has none to list, so trivially yes). */
    abstract boolean seesUnfinishedUploadsByPrefix();

    Lifecycle workers() {
        return context.getBean("jobWorkers", Lifecycle.class);
    }

    /** Every object in the store and every unfinished upload (S3 multipart uploads), by key. */
    List<String> everythingStored() {
        List<String> all = new ArrayList<>(store.list(""));
        store.staging().unfinished("").forEach(upload -> all.add("unfinished upload to " + upload.key()));
        return all;
    }

    private void plant(String key) {
        byte[] bytes = TestFiles.random(100, key.hashCode());
        store.put(key, new ByteArrayInputStream(bytes), bytes.length);
    }

    private double counted(String kind) {
        return meters.get("camroll.reconciler.orphans")
                .tag("kind", kind)
                .counter()
                .count();
    }

    private long queuedPasses() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM jobs WHERE type = ? AND state = 'queued'",
                Long.class,
                ObjectReconciler.RECONCILE_OBJECTS.type());
    }

    /** The subject of each test user's token. */
    final java.util.Map<String, String> subjects = new java.util.HashMap<>();

    TusUploads readyUser(String name) {
        String subject = newUser(name);
        String token = token(subject);
        subjects.put(token, subject);
        return new TusUploads(api, token).ready(currentNotice("cloud_processing", "en"));
    }

    String userKey(TusUploads user) {
        return jdbc.queryForObject(
                "SELECT user_key FROM user_accounts WHERE subject = ?", String.class, subjects.get(user.token()));
    }

    int processed(TusUploads user) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM media WHERE subject = ? AND state = 'processed'",
                Integer.class,
                subjects.get(user.token()));
    }

    int rendered(TusUploads user) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM suggestions WHERE subject = ? AND rendered",
                Integer.class,
                subjects.get(user.token()));
    }

    boolean workPending(TusUploads... users) {
        return jdbc.queryForObject(
                        "SELECT count(*) FROM jobs WHERE state IN ('queued', 'running') AND subject = ANY (?)",
                        Integer.class,
                        (Object) Arrays.stream(users)
                                .map(u -> subjects.get(u.token()))
                                .toArray(String[]::new))
                > 0;
    }

    /** Photos of one moment (a minute apart, one place), each different enough to be a shot of its own. */
    static List<byte[]> photos(int count, int seed) {
        List<byte[]> photos = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            photos.add(MediaSamples.exif()
                    .takenAt("2025:06:0" + (1 + seed % 9) + " 10:0" + i + ":00")
                    .gps(47.37, 8.54)
                    .into(MediaSamples.jpeg(MediaSamples.photo(480, 360, seed * 31L + i))));
        }
        return photos;
    }
}
