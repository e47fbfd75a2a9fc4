package dev.camroll.upload.internal;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.ConsentRequiredException;
import dev.camroll.identity.UserAccounts;
import dev.camroll.media.MediaLibrary;
import dev.camroll.storage.AppendResult;
import dev.camroll.storage.ObjectInfo;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;
import dev.camroll.storage.Staging;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.util.ReflectionTestUtils;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A PATCH held open across a withdrawal, its client paced by the test, on a real store (the subclasses pick it):
 * whether the request writes before the withdrawal's clean-up or after the purge has finished, a full listing of the
 * store afterwards (unfinished multipart uploads included) finds nothing under the user's prefix or the upload's
 * staging key.
 */
abstract class WithdrawalRaceContract extends EndToEndTest {

    /** S3's part size (S3Staging.PART_SIZE): the byte that fills it begins the multipart upload. */
    static final int PART = 5 * 1024 * 1024;

    @DynamicPropertySource
    static void shortLease(DynamicPropertyRegistry registry) {
        // The purge waits for the writer lease of a request whose upload it cancelled; the test needs it over soon.
        registry.add("camroll.upload.writer-lease", () -> "2s");
    }

    @Autowired
    ObjectStore store;

    @Autowired
    UploadReceiver receiver;

    @Autowired
    ApplicationContext context;

    TusUploads user;

    String subject;

    String userKey;

    /** Every object key in the store (temporary files too) and every unfinished upload, named by the key it targets. */
    abstract List<String> everythingStored(String... finalKeys);

    @BeforeEach
    void readyUser() {
        subject = newUser("withdrawing-mid-patch");
        user = new TusUploads(api, token(subject)).ready(currentNotice("cloud_processing", "en"));
        userKey = jdbc.queryForObject("SELECT user_key FROM user_accounts WHERE subject = ?", String.class, subject);
    }

    @AfterEach
    void workersRun() {
        workers().start();
    }

    @Test
    void aPatchThatGoesOnAfterThePurgeRemovesWhatItWrote() {
        TusUploads.Announced upload = user.announce(TestFiles.random(6_000_000, 71), "image/jpeg", "photo");
        byte[] content = upload.content();
        String answer;
        try (RawPatch patch = new RawPatch(port, upload.path(), user.token(), 0, content.length)) {
            patch.send(content, 0, PART - 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> bytesReadByRequests() == PART - 1);

            assertThat(withdraw(user.token(), "cloud_processing").status()).isEqualTo(200);
            awaitPurged(subject);

            // The next byte fills a part: on S3 it begins a multipart upload now, after the purge.
            patch.send(content, PART - 1, PART + 1000).stopSending();
            answer = patch.statusLine();
        }

        assertNothingLeftOf(upload);
        assertThat(answer).as("refused, not a server error").matches("HTTP/1.1 (403|410)\\b.*");
    }

    /** Found by the cluster rig: a completion whose object the purge removed before it was checked answered 500. */
    @Test
    void aCompletionWhoseObjectThePurgeRemovedIsRefusedNotAServerError() {
        TusUploads.Announced upload = user.announce(TestFiles.jpeg(200_000, 73), "image/jpeg", "photo");
        UploadId id = UploadId.of(uploadId(upload));
        UploadRecord record =
                context.getBean(UploadRows.class).find(id, subject).orElseThrow();
        StagedState staged = store.staging()
                .append(
                        store.staging().begin(StagedBytes.stagingKey(id), finalKey(upload)),
                        new ByteArrayInputStream(upload.content()))
                .state();
        // The withdrawal and its purge land between the completion's move of the bytes and its check of them.
        ObjectStore racing = new PurgedAfterCompletion(store, () -> {
            assertThat(withdraw(user.token(), "cloud_processing").status()).isEqualTo(200);
            awaitPurged(subject);
        });
        UploadCompletion completion = new UploadCompletion(
                context.getBean(UploadRows.class),
                context.getBean(UploadSettings.class),
                racing,
                context.getBean(MediaLibrary.class),
                context.getBean(ConsentGate.class),
                context.getBean(UserAccounts.class),
                context.getBean(StagedBytes.class),
                context.getBean(TransactionTemplate.class));

        assertThatThrownBy(() -> completion.complete(record, staged, "test-writer", null))
                .isInstanceOf(ConsentRequiredException.class);
        assertNothingLeftOf(upload);
    }

    /** The real store, with {@code meanwhile} run right after each staging's completion. */
    private record PurgedAfterCompletion(ObjectStore store, Runnable meanwhile) implements ObjectStore {

        @Override
        public void put(String key, InputStream content, long length) {
            store.put(key, content, length);
        }

        @Override
        public InputStream get(String key) {
            return store.get(key);
        }

        @Override
        public Optional<ObjectInfo> head(String key) {
            return store.head(key);
        }

        @Override
        public void delete(String key) {
            store.delete(key);
        }

        @Override
        public List<String> deleteByPrefix(String prefix, Consumer<List<String>> beforeDeleting) {
            return store.deleteByPrefix(prefix, beforeDeleting);
        }

        @Override
        public List<String> list(String prefix) {
            return store.list(prefix);
        }

        @Override
        public void scan(String prefix, Consumer<List<ListedObject>> page) {
            store.scan(prefix, page);
        }

        @Override
        public Staging staging() {
            Staging staging = store.staging();
            return new Staging() {
                @Override
                public StagedState begin(String stagingKey, String finalKey) {
                    return staging.begin(stagingKey, finalKey);
                }

                @Override
                public AppendResult append(StagedState state, InputStream content) {
                    return staging.append(state, content);
                }

                @Override
                public ObjectInfo complete(StagedState state) {
                    ObjectInfo completed = staging.complete(state);
                    meanwhile.run();
                    return completed;
                }

                @Override
                public void discard(StagedState state) {
                    staging.discard(state);
                }

                @Override
                public void discard(String stagingKey, String finalKey) {
                    staging.discard(stagingKey, finalKey);
                }

                @Override
                public List<UnfinishedUpload> unfinished(String prefix) {
                    return staging.unfinished(prefix);
                }

                @Override
                public void abort(UnfinishedUpload unfinished) {
                    staging.abort(unfinished);
                }

                @Override
                public long maxLength() {
                    return staging.maxLength();
                }
            };
        }
    }

    @Test
    void aChecksummedPatchCutOffAfterThePurgeRemovesWhatItWrote() {
        TusUploads.Announced upload = user.announce(TestFiles.jpeg(1_000_000, 72), "image/jpeg", "photo");
        byte[] content = upload.content();
        String answer;
        try (RawPatch patch = checksummed(upload)) {
            patch.send(content, 0, 300_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> bytesReadByRequests() == 300_000);

            assertThat(withdraw(user.token(), "cloud_processing").status()).isEqualTo(200);
            awaitPurged(subject);

            // The client stops: what arrived is staged as the tail, after the purge, and its checksum cannot hold.
            patch.send(content, 300_000, 310_000).stopSending();
            answer = patch.statusLine();
        }

        assertNothingLeftOf(upload);
        assertThat(answer).matches("HTTP/1.1 (403|410)\\b.*");
    }

    @Test
    void aChecksummedPatchCutOffAfterTheWithdrawalLeavesNothingOnceThePurgeIsDone() {
        TusUploads.Announced upload = user.announce(TestFiles.jpeg(1_000_000, 73), "image/jpeg", "photo");
        byte[] content = upload.content();
        workers().stop(); // the purge waits in the queue until the request has ended
        String answer;
        try (RawPatch patch = checksummed(upload)) {
            patch.send(content, 0, 300_000);
            await().atMost(Duration.ofSeconds(30)).until(() -> bytesReadByRequests() == 300_000);

            assertThat(withdraw(user.token(), "cloud_processing").status()).isEqualTo(200);
            // Not renewed since: the instance has stopped the request, which reads no further than what it waits for.
            await().atMost(Duration.ofSeconds(10)).until(() -> writerLeaseLapsed(upload));

            // Staged after the withdrawal removed the upload's bytes, with the row still there but its staging cleared.
            patch.send(content, 300_000, 310_000).stopSending();
            answer = patch.statusLine();
        }
        workers().start();
        awaitPurged(subject);

        assertNothingLeftOf(upload);
        assertThat(answer).matches("HTTP/1.1 (403|410)\\b.*");
    }

    @Test
    void thePurgeRemovesStagedBytesNoRowRecords() {
        // Writers that died before they recorded anything: on S3 a multipart upload with one part and a tail, and a
        // multipart upload alone (which MinIO lists by its exact key only).
        TusUploads.Announced withTail = user.announce(TestFiles.jpeg(1_000_000, 74), "image/jpeg", "photo");
        TusUploads.Announced partOnly = user.announce(TestFiles.jpeg(1_000_000, 75), "image/jpeg", "photo");
        stageUnrecorded(withTail, PART + 1000);
        stageUnrecorded(partOnly, PART);
        assertThat(everythingStored(finalKey(withTail)))
                .anyMatch(key -> key.contains(uploadId(withTail).toString()));

        assertThat(withdraw(user.token(), "cloud_processing").status()).isEqualTo(200);
        awaitPurged(subject);

        assertNothingLeftOf(withTail);
        assertNothingLeftOf(partOnly);
    }

    private void stageUnrecorded(TusUploads.Announced upload, int length) {
        StagedState begun =
                store.staging().begin(StagedBytes.stagingKey(UploadId.of(uploadId(upload))), finalKey(upload));
        store.staging().append(begun, new ByteArrayInputStream(TestFiles.random(length, length)));
    }

    private void assertNothingLeftOf(TusUploads.Announced upload) {
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM consent_events WHERE subject = ? AND type = 'DATA_PURGED'",
                        Integer.class,
                        subject))
                .as("the purge finished")
                .isEqualTo(1);
        assertThat(everythingStored(finalKey(upload)))
                .as("the user's prefix and the upload's staging key")
                .noneMatch(key ->
                        key.contains(userKey) || key.contains(uploadId(upload).toString()));
    }

    private RawPatch checksummed(TusUploads.Announced upload) {
        String sha256 = Base64.getEncoder().encodeToString(HexFormat.of().parseHex(TestFiles.sha256(upload.content())));
        return new RawPatch(
                port,
                upload.path(),
                user.token(),
                0,
                upload.content().length,
                "Upload-Checksum: sha256 " + sha256 + "\r\n");
    }

    private boolean writerLeaseLapsed(TusUploads.Announced upload) {
        return jdbc.queryForObject(
                "SELECT writer_until < now() FROM uploads WHERE upload_id = ?", Boolean.class, uploadId(upload));
    }

    /** What the requests streaming in this instance have read of their bodies. */
    private long bytesReadByRequests() {
        @SuppressWarnings("unchecked")
        Map<String, UploadTransfer> writing =
                (Map<String, UploadTransfer>) ReflectionTestUtils.getField(receiver, "writing");
        return writing.values().stream().mapToLong(UploadTransfer::bytesRead).sum();
    }

    String finalKey(TusUploads.Announced upload) {
        return "u/" + userKey + "/original/" + upload.mediaId();
    }

    static UUID uploadId(TusUploads.Announced upload) {
        return UUID.fromString(TusUploads.uploadId(upload));
    }

    Lifecycle workers() {
        return context.getBean("jobWorkers", Lifecycle.class);
    }
}
