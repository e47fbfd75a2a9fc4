package dev.camroll.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.camroll.storage.AppendResult;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;
import dev.camroll.storage.Staging;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.camroll.storage.internal.TestBytes.MiB;
import static dev.camroll.storage.internal.TestBytes.random;
import static dev.camroll.storage.internal.TestBytes.sha256;
import static dev.camroll.storage.internal.TestBytes.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The object store contract on the filesystem adapter, plus what an operator sees in the data directory. */
class FilesystemObjectStoreTests extends ObjectStoreContract {

    @TempDir
    Path objects;

    @Override
    protected ObjectStore createStore() {
        return new FilesystemObjectStore(objects);
    }

    @Override
    protected ObjectStore anotherInstance() {
        return new FilesystemObjectStore(objects);
    }

    @Test
    void eachObjectIsOneFileAtItsKeyUnderTheRoot() throws IOException {
        byte[] photo = random(MiB, 1);

        store.put("u/k1/original/m1", stream(photo), photo.length);

        Path file = objects.resolve("u/k1/original/m1");
        assertThat(file).isRegularFile();
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(sha256(photo));
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void anObjectsLocalFileHoldsItsBytesAndAnAbsentObjectHasNone() throws IOException {
        byte[] photo = random(300_000, 2);
        store.put("u/k1/original/m1", stream(photo), photo.length);

        Path file = store.localFile("u/k1/original/m1").orElseThrow();
        assertThat(sha256(Files.readAllBytes(file))).isEqualTo(sha256(photo));
        assertThat(store.localFile("u/k1/original/m2")).isEmpty();
        store.delete("u/k1/original/m1");
        assertThat(store.localFile("u/k1/original/m1")).isEmpty();
    }

    @Test
    void deletingAKeyRemovesWhatAnInterruptedWriteToItLeft() {
        FilesystemObjectStore filesystem = (FilesystemObjectStore) store;
        store.put("u/k1/preview/m1.jpg", stream(random(1024, 1)), 1024);
        Path interrupted = filesystem.createTempFile(objects.resolve("u/k1/preview/m1.jpg"));
        Path another = filesystem.createTempFile(objects.resolve("u/k1/preview/m10.jpg"));

        store.delete("u/k1/preview/m1.jpg");

        assertThat(objects.resolve("u/k1/preview/m1.jpg")).doesNotExist();
        assertThat(interrupted).doesNotExist();
        assertThat(another).as("a write to another key").exists();
    }

    @Test
    void aSegmentMayUseTheWholeFileNameLimit() {
        String key = "u/" + "s".repeat(255) + "/" + "t".repeat(255);

        store.put(key, stream(random(MiB, 1)), MiB);

        assertThat(objects.resolve(key)).isRegularFile().hasSize(MiB);
        assertThat(store.list("u/")).containsExactly(key);
    }

    @Test
    void stagedBytesAreOneFileUnderStagingUntilComplete() {
        Staging staging = store.staging();
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(MiB, 1)))
                .state();

        assertThat(objects.resolve("staging/up1")).isRegularFile().hasSize(MiB);

        staging.complete(state);

        assertThat(objects.resolve("staging/up1")).doesNotExist();
        assertThat(objects.resolve("u/k1/original/m1")).isRegularFile().hasSize(MiB);
    }

    @Test
    void bytesBeyondTheStatesLengthAreCutOffByTheNextAppend() throws IOException {
        Staging staging = store.staging();
        byte[] acknowledged = random(1000, 1);
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(acknowledged))
                .state();
        // A crash after writing but before the new state was stored leaves more bytes than the state knows.
        Files.write(objects.resolve("staging/up1"), random(500, 2), java.nio.file.StandardOpenOption.APPEND);
        byte[] resent = random(700, 3);

        staging.complete(staging.append(state, stream(resent)).state());

        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(TestBytes.concat(acknowledged, resent)));
    }

    @Test
    void theFirstAppendMakesAgainTheEmptyStagingFileACrashTook() throws IOException {
        Staging staging = store.staging();
        StagedState begun = staging.begin("staging/up1", "u/k1/original/m1");
        // begin does not force its empty file to disk: a crash of the machine may take it.
        Files.delete(objects.resolve("staging/up1"));
        byte[] bytes = random(1000, 1);

        staging.complete(staging.append(begun, stream(bytes)).state());

        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(bytes));
    }

    @Test
    void fewerStagedBytesThanTheStateSaysIsObjectNotFound() throws IOException {
        Staging staging = store.staging();
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(1000, 1)))
                .state();
        Files.write(objects.resolve("staging/up1"), new byte[10]);

        assertThatThrownBy(() -> staging.append(state, stream(random(10, 2))))
                .isInstanceOf(ObjectNotFoundException.class)
                .hasMessageContaining("only 10 of 1000");
    }

    @Test
    void deleteByPrefixRemovesTheFoldersItEmpties() {
        store.put("u/k1/original/m1", stream(new byte[] {1}), 1);
        store.put("u/k1/preview/m1.jpg", stream(new byte[] {1}), 1);
        store.put("u/k2/original/m1", stream(new byte[] {1}), 1);

        store.deleteByPrefix("u/k1/");

        assertThat(objects.resolve("u/k1")).doesNotExist();
        assertThat(objects.resolve("u/k2/original/m1")).isRegularFile();

        store.deleteByPrefix("u/");

        assertThat(objects.resolve("u")).doesNotExist();
        assertThat(objects).isDirectory();
    }

    @Test
    void leftoversOfInterruptedWritesAreNeverListedButArePurged() throws IOException {
        store.put("u/k1/original/m1", stream(new byte[] {1}), 1);
        // What a crash in the middle of a put leaves: a temporary file next to the key.
        Files.write(objects.resolve("u/k1/original/m2~84738293.tmp"), random(100, 1));

        assertThat(store.list("u/")).containsExactly("u/k1/original/m1");
        assertThat(store.deleteByPrefix("u/k1/")).containsExactly("u/k1/original/m1");
        assertThat(objects.resolve("u/k1")).doesNotExist();
    }

    @Test
    void aSecondAppendWhileOneIsRunningFailsInsteadOfInterleaving() throws Exception {
        Staging staging = store.staging();
        StagedState state = staging.begin("staging/up1", "u/k1/original/m1");
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        InputStream slow = new InputStream() {

            private boolean sent;

            @Override
            public int read() throws IOException {
                if (sent) {
                    return -1;
                }
                reading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                sent = true;
                return 7;
            }
        };
        CompletableFuture<AppendResult> first = CompletableFuture.supplyAsync(() -> staging.append(state, slow));
        assertThat(reading.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> anotherInstance().staging().append(state, stream(random(10, 1))))
                .isInstanceOf(IllegalStateException.class);

        release.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS).state().length()).isEqualTo(1);
    }
}
