package dev.camroll.storage.internal;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.camroll.storage.AppendResult;
import dev.camroll.storage.ObjectInfo;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;
import dev.camroll.storage.Staging;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.camroll.storage.internal.TestBytes.MiB;
import static dev.camroll.storage.internal.TestBytes.concat;
import static dev.camroll.storage.internal.TestBytes.cutOffAfter;
import static dev.camroll.storage.internal.TestBytes.random;
import static dev.camroll.storage.internal.TestBytes.sha256;
import static dev.camroll.storage.internal.TestBytes.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link ObjectStore} promises, run against each adapter by a subclass. Data is generated (a few MiB,
 * enough to cross S3's 5 MiB part size) and compared by SHA-256.
 */
abstract class ObjectStoreContract {

    protected ObjectStore store;

    /** A store on fresh, empty storage. */
    protected abstract ObjectStore createStore();

    /** A new adapter instance on the same storage, as another application instance would build it. */
    protected abstract ObjectStore anotherInstance();

    @BeforeEach
    void createTheStore() {
        store = createStore();
    }

    // --- objects

    @Test
    void aPutObjectReadsBackByteForByte() {
        byte[] photo = random(6 * MiB + 123, 1);

        store.put("u/k1/original/m1", stream(photo), photo.length);

        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(photo));
        assertThat(store.head("u/k1/original/m1")).contains(new ObjectInfo("u/k1/original/m1", photo.length));
    }

    @Test
    void anEmptyObjectIsAnObject() {
        store.put("u/k1/thumb/m1.jpg", stream(new byte[0]), 0);

        assertThat(store.head("u/k1/thumb/m1.jpg")).contains(new ObjectInfo("u/k1/thumb/m1.jpg", 0));
        assertThat(sha256(store.get("u/k1/thumb/m1.jpg"))).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void aPutReplacesTheObjectAtItsKey() {
        store.put("u/k1/preview/m1.jpg", stream(random(2 * MiB, 1)), 2 * MiB);
        byte[] second = random(300_000, 2);

        store.put("u/k1/preview/m1.jpg", stream(second), second.length);

        assertThat(sha256(store.get("u/k1/preview/m1.jpg"))).isEqualTo(sha256(second));
        assertThat(store.head("u/k1/preview/m1.jpg").orElseThrow().size()).isEqualTo(second.length);
        assertThat(store.list("u/k1/")).containsExactly("u/k1/preview/m1.jpg");
    }

    @Test
    void aPutWhoseStreamBreaksOffStoresNothing() {
        byte[] photo = random(3 * MiB, 3);

        assertThatThrownBy(() -> store.put("u/k1/original/m1", cutOffAfter(photo, MiB), photo.length))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(store.head("u/k1/original/m1")).isEmpty();
        assertThat(store.list("")).isEmpty();
    }

    @Test
    void aPutWhoseStreamEndsEarlyStoresNothingAndKeepsThePreviousObject() {
        byte[] before = random(1000, 4);
        store.put("u/k1/original/m1", stream(before), before.length);

        assertThatThrownBy(() -> store.put("u/k1/original/m1", stream(random(MiB, 5)), MiB + 1))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(before));
    }

    @Test
    void readingAnAbsentObjectIsObjectNotFoundAndHeadIsEmpty() {
        assertThatThrownBy(() -> store.get("u/k1/original/nothing"))
                .isInstanceOf(ObjectNotFoundException.class)
                .extracting(e -> ((ObjectNotFoundException) e).key())
                .isEqualTo("u/k1/original/nothing");
        assertThat(store.head("u/k1/original/nothing")).isEmpty();
    }

    @Test
    void deleteRemovesTheObjectAndDeletingTwiceIsFine() {
        store.put("u/k1/original/m1", stream(random(100, 6)), 100);
        store.put("u/k1/original/m2", stream(random(100, 7)), 100);

        store.delete("u/k1/original/m1");
        store.delete("u/k1/original/m1");
        store.delete("u/k1/original/never-there");

        assertThat(store.head("u/k1/original/m1")).isEmpty();
        assertThat(store.list("u/")).containsExactly("u/k1/original/m2");
    }

    @Test
    void listReturnsTheSortedKeysUnderThePrefixOnly() {
        for (String key : List.of(
                "u/b/original/1",
                "u/a/preview/2.jpg",
                "u/a/original/2",
                "u/a/original/1",
                "u/ab/original/1",
                "x/a/original/1")) {
            store.put(key, stream(random(10, key.hashCode())), 10);
        }

        assertThat(store.list("u/a/")).containsExactly("u/a/original/1", "u/a/original/2", "u/a/preview/2.jpg");
        assertThat(store.list("u/a/original/")).containsExactly("u/a/original/1", "u/a/original/2");
        // A prefix is a plain string prefix, as in S3: "u/a" also matches "u/ab/...".
        assertThat(store.list("u/a"))
                .containsExactly("u/a/original/1", "u/a/original/2", "u/a/preview/2.jpg", "u/ab/original/1");
        assertThat(store.list(""))
                .containsExactly(
                        "u/a/original/1",
                        "u/a/original/2",
                        "u/a/preview/2.jpg",
                        "u/ab/original/1",
                        "u/b/original/1",
                        "x/a/original/1");
        assertThat(store.list("u/c/")).isEmpty();
        assertThat(store.list("nothing/here/")).isEmpty();
    }

    @Test
    void aScanTellsTheObjectsUnderThePrefixInKeyOrderWithWhenEachWasWritten() {
        Instant start = Instant.now().minusSeconds(60); // the store's clock, not ours: only roughly the same
        for (String key :
                List.of("u/k1/thumb/m2.jpg", "u/k1/original/m1", "u/k2/original/m1", "staging/up1/tail-00000")) {
            store.put(key, stream(random(10, 1)), 10);
        }
        List<ObjectStore.ListedObject> scanned = new ArrayList<>();

        store.scan("u/k1/", scanned::addAll);

        assertThat(scanned)
                .extracting(ObjectStore.ListedObject::key)
                .containsExactly("u/k1/original/m1", "u/k1/thumb/m2.jpg");
        assertThat(scanned)
                .allSatisfy(object -> assertThat(object.modified())
                        .isAfter(start)
                        .isBefore(Instant.now().plusSeconds(60)));
        List<String> all = new ArrayList<>();
        store.scan("", page -> page.forEach(object -> all.add(object.key())));
        assertThat(all).isEqualTo(store.list(""));
    }

    @Test
    void deleteByPrefixDeletesOnlyUnderThePrefixAndReturnsTheSortedKeys() {
        for (String key :
                List.of("u/a/thumb/9.jpg", "u/a/original/2", "u/a/original/1", "u/ab/original/1", "u/b/original/1")) {
            store.put(key, stream(random(10, key.hashCode())), 10);
        }

        List<String> deleted = store.deleteByPrefix("u/a/");

        assertThat(deleted).containsExactly("u/a/original/1", "u/a/original/2", "u/a/thumb/9.jpg");
        assertThat(store.list("")).containsExactly("u/ab/original/1", "u/b/original/1");
        assertThat(store.deleteByPrefix("u/a/")).isEmpty();
        assertThat(store.deleteByPrefix("u/nobody/")).isEmpty();
    }

    @Test
    void deleteByPrefixTellsEachBatchOfKeysWhileItsObjectsStillExist() {
        for (String key : List.of("u/a/thumb/9.jpg", "u/a/original/2", "u/a/original/1", "u/b/original/1")) {
            store.put(key, stream(random(10, key.hashCode())), 10);
        }
        List<String> told = new ArrayList<>();
        List<String> presentWhenTold = new ArrayList<>();

        List<String> deleted = store.deleteByPrefix("u/a/", keys -> {
            told.addAll(keys);
            keys.stream().filter(key -> store.head(key).isPresent()).forEach(presentWhenTold::add);
        });

        assertThat(told).containsExactlyInAnyOrderElementsOf(deleted);
        assertThat(presentWhenTold).containsExactlyInAnyOrderElementsOf(deleted);
        assertThat(deleted).containsExactly("u/a/original/1", "u/a/original/2", "u/a/thumb/9.jpg");
        assertThat(store.list("")).containsExactly("u/b/original/1");
    }

    @Test
    void deleteByPrefixStopsWhenTheCallerCannotRecordTheKeys() {
        store.put("u/a/original/1", stream(random(10, 1)), 10);

        assertThatThrownBy(() -> store.deleteByPrefix("u/a/", keys -> {
                    throw new IllegalStateException("the database is down");
                }))
                .isInstanceOf(IllegalStateException.class);

        assertThat(store.list("u/a/")).containsExactly("u/a/original/1");
    }

    @Test
    void keysOutsideTheRulesAreRefused() {
        String tooLong = "u/" + ("a".repeat(255) + "/").repeat(3) + "b".repeat(255);
        for (String bad : new String[] {
            "",
            "/u/k/original/1",
            "u/k/original/",
            "u//original/1",
            "u/../etc/passwd",
            "..",
            "u/k/./1",
            "u/k/a..b",
            "u/k/original/1 2",
            "u/k/ö",
            "u\\k\\1",
            "u/k/1?x",
            "u/k/1~tmp",
            tooLong,
            "u/k/\n1"
        }) {
            assertThatThrownBy(() -> store.put(bad, stream(new byte[1]), 1))
                    .as("put %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.get(bad)).as("get %s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.head(bad)).as("head %s", bad).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.delete(bad))
                    .as("delete %s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.get(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deleteByPrefix("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.deleteByPrefix("../")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("/u/")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.list("u//")).isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> store.put("u/" + "s".repeat(256), stream(new byte[1]), 1))
                .isInstanceOf(IllegalArgumentException.class);
        // (Segments of 200 characters: S3Proxy's file-backed store, which the S3 tests may run on, cannot take
        // 255 because it adds to a segment's file name. The filesystem tests try 255.)
        String longest = "u/" + ("a".repeat(200) + "/").repeat(5) + "b".repeat(17);
        assertThat(longest).hasSize(1024);
        store.put(longest, stream(new byte[] {42}), 1);
        assertThat(store.list("u/")).containsExactly(longest);
        assertThat(store.list("")).containsExactly(longest);
    }

    // --- staging

    @Test
    void piecesSmallerAndLargerThanAPartStageIntoTheSameBytes() {
        Staging staging = store.staging();
        byte[][] pieces = {
            random(MiB, 1),
            random(3 * MiB + 5, 2),
            random(7 * MiB, 3),
            random(100, 4),
            random(5 * MiB, 5),
            random(2 * MiB - 7, 6)
        };
        StagedState state = staging.begin("staging/up1", "u/k1/original/m1");
        assertThat(state.length()).isZero();

        for (byte[] piece : pieces) {
            AppendResult result = staging.append(state, stream(piece));
            assertThat(result.sourceFailed()).isFalse();
            assertThat(result.appended()).isEqualTo(piece.length);
            assertThat(result.state().length()).isEqualTo(state.length() + piece.length);
            state = result.state();
        }
        ObjectInfo stored = staging.complete(state);

        byte[] all = concat(pieces);
        assertThat(stored).isEqualTo(new ObjectInfo("u/k1/original/m1", all.length));
        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(all));
        assertThat(store.head("u/k1/original/m1").orElseThrow().size()).isEqualTo(all.length);
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void stagedBytesAreNotAnObjectUntilComplete() {
        Staging staging = store.staging();
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(6 * MiB, 1)))
                .state();

        assertThat(store.head("u/k1/original/m1")).isEmpty();
        assertThat(store.list("u/")).isEmpty();
        assertThat(state.length()).isEqualTo(6 * MiB);
    }

    @Test
    void aSourceCutOffMidwayKeepsTheBytesReadBeforeAndALaterAppendContinuesFromThere() {
        Staging staging = store.staging();
        byte[] video = random(12 * MiB + 3, 7);
        int cut = 6 * MiB + 17;
        StagedState state = staging.begin("staging/up1", "u/k1/original/m1");

        AppendResult broken = staging.append(state, cutOffAfter(video, cut));

        assertThat(broken.sourceFailed()).isTrue();
        assertThat(broken.sourceFailure()).hasMessageContaining("connection reset");
        assertThat(broken.appended()).isEqualTo(cut);
        assertThat(broken.state().length()).isEqualTo(cut);

        byte[] rest = Arrays.copyOfRange(video, cut, video.length);
        AppendResult resumed = staging.append(broken.state(), stream(rest));
        staging.complete(resumed.state());

        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(video));
    }

    @Test
    void aSourceCutOffBeforeItsFirstByteChangesNothing() {
        Staging staging = store.staging();
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(MiB, 1)))
                .state();

        AppendResult broken = staging.append(state, cutOffAfter(new byte[0], 0));

        assertThat(broken.sourceFailed()).isTrue();
        assertThat(broken.appended()).isZero();
        assertThat(broken.state().length()).isEqualTo(MiB);
    }

    @Test
    void aStateRebuiltFromItsStoredStringsContinuesOnAnotherInstance() {
        byte[] first = random(2 * MiB, 1);
        byte[] second = random(4 * MiB, 2);
        byte[] third = random(5 * MiB + 9, 3);
        Staging here = store.staging();
        StagedState state = here.begin("staging/up1", "u/k1/original/m1");
        state = here.append(state, stream(first)).state();
        state = here.append(state, stream(second)).state();

        // What the upload module keeps in its database row, and reads back on another instance.
        String[] row = {state.stagingKey(), state.finalKey(), Long.toString(state.length()), state.backend()};
        StagedState rebuilt = new StagedState(row[0], row[1], Long.parseLong(row[2]), row[3]);
        Staging there = anotherInstance().staging();
        StagedState next = there.append(rebuilt, stream(third)).state();
        anotherInstance().staging().complete(next);

        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(concat(first, second, third)));
    }

    @Test
    void bytesOfAnAppendWhoseStateWasNeverStoredAreReplacedByTheNextAppend() {
        Staging staging = store.staging();
        byte[] a = random(3 * MiB, 1);
        byte[] c = random(4 * MiB, 3);
        byte[] e = random(1000, 5);
        StagedState s1 = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(a))
                .state();

        // An instance appends (filling a part on S3) and dies before it stores the new state: the client never
        // got an answer, so it resends from the last stored offset, with the bytes it has there.
        staging.append(s1, stream(random(6 * MiB, 2)));
        StagedState s2 = anotherInstance().staging().append(s1, stream(c)).state();
        // The same with an append that stays within the tail.
        staging.append(s2, stream(random(500, 4)));
        StagedState s3 = anotherInstance().staging().append(s2, stream(e)).state();
        staging.complete(s3);

        assertThat(s3.length()).isEqualTo(a.length + c.length + e.length);
        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(concat(a, c, e)));
    }

    @Test
    void completingAgainAnswersTheSameObject() {
        Staging staging = store.staging();
        byte[] photo = random(6 * MiB + 1, 1);
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(photo))
                .state();
        staging.complete(state);

        ObjectInfo again = anotherInstance().staging().complete(state);

        assertThat(again).isEqualTo(new ObjectInfo("u/k1/original/m1", photo.length));
        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(photo));
    }

    @Test
    void anEmptyStagingCompletesToAnEmptyObject() {
        Staging staging = store.staging();

        staging.complete(staging.begin("staging/up1", "u/k1/original/m1"));

        assertThat(store.head("u/k1/original/m1")).contains(new ObjectInfo("u/k1/original/m1", 0));
        assertThat(store.list("staging/")).isEmpty();
    }

    @Test
    void discardLeavesNothingUnderStagingNorAtTheFinalKey() {
        Staging staging = store.staging();
        StagedState state = staging.begin("staging/up1", "u/k1/original/m1");
        state = staging.append(state, stream(random(6 * MiB, 1))).state();
        state = staging.append(state, stream(random(MiB, 2))).state();
        store.put("u/k1/original/other", stream(new byte[] {1}), 1);

        staging.discard(state);

        assertThat(store.list("staging/")).isEmpty();
        assertThat(store.head("u/k1/original/m1")).isEmpty();
        assertThat(store.list("")).containsExactly("u/k1/original/other");
        staging.discard(state);
    }

    @Test
    void discardingByItsKeysRemovesWhatAStateNeverRecordedStaged() {
        // A writer that staged bytes and died (or whose upload ended) before its new state was stored anywhere.
        Staging staging = store.staging();
        staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(6 * MiB, 1)));
        store.put("u/k1/original/other", stream(new byte[] {1}), 1);

        staging.discard("staging/up1", "u/k1/original/m1");

        assertThat(store.list("")).containsExactly("u/k1/original/other");
        assertThat(staging.unfinished("u/k1/original/m1")).isEmpty();
        staging.discard("staging/up1", "u/k1/original/m1");
    }

    @Test
    void discardAfterCompleteRemovesTheObject() {
        // A content mismatch is found by reading the completed object; discarding then removes it.
        Staging staging = store.staging();
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(2 * MiB, 1)))
                .state();
        staging.complete(state);

        staging.discard(state);

        assertThat(store.list("")).isEmpty();
    }

    @Test
    void appendingToADiscardedStagingIsObjectNotFound() {
        Staging staging = store.staging();
        StagedState state = staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(MiB, 1)))
                .state();
        staging.discard(state);

        assertThatThrownBy(() -> anotherInstance().staging().append(state, stream(random(10, 2))))
                .isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> staging.complete(state)).isInstanceOf(ObjectNotFoundException.class);
    }

    @Test
    void beginningAgainAtAStagingKeyStartsOver() {
        Staging staging = store.staging();
        staging.append(staging.begin("staging/up1", "u/k1/original/m1"), stream(random(3 * MiB, 1)));
        byte[] fresh = random(MiB, 2);

        StagedState state = staging.begin("staging/up1", "u/k1/original/m1");
        staging.complete(staging.append(state, stream(fresh)).state());

        assertThat(state.length()).isZero();
        assertThat(sha256(store.get("u/k1/original/m1"))).isEqualTo(sha256(fresh));
    }

    @Test
    void stagingKeysLiveUnderStagingAndFinalKeysOutsideIt() {
        Staging staging = store.staging();

        assertThatThrownBy(() -> staging.begin("u/k1/original/m1", "u/k1/original/m2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> staging.begin("staging/up1", "staging/up2"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> staging.begin("staging/../u/k1", "u/k1/original/m1"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatCode(() -> staging.begin("staging/2026/01/up1", "u/k1/original/m1"))
                .doesNotThrowAnyException();
    }

    @Test
    void aStagingHoldsAtLeastFortyGibibytes() {
        assertThat(store.staging().maxLength()).isGreaterThanOrEqualTo(48L * 1024 * MiB);
    }
}
