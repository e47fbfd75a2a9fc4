package dev.camroll.media;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The media module with only the modules it depends on (no upload, sync or suggestions), on the test database: what
 * other modules may ask of {@link MediaLibrary}. No consent is given, so the queued analysis leaves each media stored.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
class MediaModuleTests {

    @Autowired
    MediaLibrary library;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    UserAccounts accounts;

    /** A user of each test's own (the module test shares one instance between its tests). */
    private Subject user = Subject.of("media-module");

    @BeforeEach
    void newUser() {
        user = Subject.of("media-module-" + UUID.randomUUID());
    }

    @Test
    void storedBytesBecomeMediaThatAwaitsItsAnalysis() {
        MediaId stored = store(MediaId.of(Ids.newId()), "a".repeat(64), 1_000);

        assertThat(library.statesOf(List.of(stored))).containsExactly(Map.entry(stored, MediaState.STORED));
        assertThat(library.anyAwaitingAnalysis(List.of(stored))).isTrue();
        assertThat(library.findBySha256(user, "a".repeat(64))).contains(stored);
        assertThat(library.storedBytes(user)).isEqualTo(1_000);
    }

    @Test
    void theSameContentStoredTwiceIsOneMedia() {
        MediaId first = store(MediaId.of(Ids.newId()), "b".repeat(64), 500);

        MediaId second = store(MediaId.of(Ids.newId()), "b".repeat(64), 500);

        assertThat(second).isEqualTo(first);
        assertThat(library.storedBytes(user)).isEqualTo(500);
    }

    @Test
    void countsByStateNameEveryStateInOrderWithZeros() {
        store(MediaId.of(Ids.newId()), "c".repeat(64), 10);
        store(MediaId.of(Ids.newId()), "d".repeat(64), 10);

        assertThat(library.countsByState(user))
                .containsExactly(
                        Map.entry(MediaState.STORED, 2L),
                        Map.entry(MediaState.PROCESSED, 0L),
                        Map.entry(MediaState.FAILED, 0L));
        assertThat(library.shots(user)).isEmpty();
        assertThat(library.subjectsWithProcessedMedia()).doesNotContain(user);
    }

    @Test
    void mediaThatDoNotExistHaveNoState() {
        MediaId unknown = MediaId.of(Ids.newId());

        assertThat(library.statesOf(List.of(unknown))).isEmpty();
        assertThat(library.anyAwaitingAnalysis(List.of(unknown))).isFalse();
        assertThat(library.anyAwaitingAnalysis(List.of())).isFalse();
    }

    private MediaId store(MediaId mediaId, String sha256, long size) {
        accounts.ensure(user);
        return transaction.execute(tx -> library.store(new MediaLibrary.NewMedia(
                mediaId, user, "phone", "IMG_" + mediaId, "photo", "image/jpeg", size, sha256, null)));
    }
}
