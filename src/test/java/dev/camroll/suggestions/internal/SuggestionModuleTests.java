package dev.camroll.suggestions.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.privacy.PurgeScope;
import dev.camroll.suggestions.SuggestionId;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The suggestions module on its own (with the modules it depends on, not the others): the owners of its two
 * tables against the test PostgreSQL.
 */
@ApplicationModuleTest(mode = BootstrapMode.ALL_DEPENDENCIES)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
class SuggestionModuleTests {

    static final Instant T = Instant.parse("2025-06-14T15:00:00Z");

    @Autowired
    Occasions occasions;

    @Autowired
    Suggestions suggestions;

    @Autowired
    SuggestionData personalData;

    @Autowired
    UserAccounts accounts;

    @Autowired
    TransactionTemplate transaction;

    String subject;

    @BeforeEach
    void newUser() {
        subject = accounts.ensure(Subject.of("module-" + UUID.randomUUID()))
                .subject()
                .value();
    }

    @Test
    void occasionsAreReplacedAsAWholeInTheOrderGivenAndErasedWithTheSuggestions() {
        transaction.executeWithoutResult(tx -> occasions.replace(
                subject,
                List.of(
                        new Occasion("Mum", Occasion.Kind.birthday, 5, 3),
                        new Occasion("Wedding", Occasion.Kind.anniversary, 9, 1))));
        transaction.executeWithoutResult(tx -> occasions.replace(
                subject,
                List.of(
                        new Occasion("  Wedding ", Occasion.Kind.anniversary, 9, 2),
                        new Occasion("Mum", Occasion.Kind.birthday, 5, 3),
                        new Occasion("Leap", Occasion.Kind.birthday, 2, 29))));

        assertThat(occasions.of(subject))
                .containsExactly(
                        new Occasion("Wedding", Occasion.Kind.anniversary, 9, 2),
                        new Occasion("Mum", Occasion.Kind.birthday, 5, 3),
                        new Occasion("Leap", Occasion.Kind.birthday, 2, 29));

        SuggestionId kept = transaction.execute(tx -> suggestions.add(subject, collage(shots(4)), T));
        transaction.executeWithoutResult(tx -> suggestions.remove(kept, T)); // a tombstone is erased too
        transaction.executeWithoutResult(tx -> suggestions.add(subject, collage(shots(5)), T));
        Map<String, Integer> erased =
                transaction.execute(tx -> personalData.erase(Subject.of(subject), PurgeScope.WITHDRAWAL));

        assertThat(erased).containsEntry("suggestions", 2).containsEntry("occasions", 3);
        assertThat(occasions.of(subject)).isEmpty();
        assertThat(suggestions.find(subject, kept)).isEmpty();
    }

    @Test
    void aRenderCountsOnlyWhileTheSuggestionStillShowsTheShotsItDrew() {
        List<UUID> drawn = shots(4);
        SuggestionId id = transaction.execute(tx -> suggestions.add(subject, collage(drawn), T));
        List<UUID> grown = List.of(drawn.get(0), drawn.get(1), drawn.get(2), drawn.get(3), UUID.randomUUID());
        transaction.executeWithoutResult(tx -> suggestions.change(id, collage(grown), T.plusSeconds(60)));

        assertThat(suggestions.markRendered(id, drawn)).isFalse();
        assertThat(suggestions.find(subject, id).orElseThrow().rendered()).isFalse();
        long before = suggestions.lastChange(subject);

        assertThat(suggestions.markRendered(id, grown)).isTrue();
        assertThat(suggestions.find(subject, id).orElseThrow().rendered()).isTrue();
        assertThat(suggestions.lastChange(subject)).isGreaterThan(before);
        assertThat(suggestions.markRendered(id, grown)).as("already rendered").isFalse();
    }

    @Test
    void removingASuggestionAnswersWhetherItHasAnImageAsTheRowSaysNotAsTheBuildReadIt() {
        List<UUID> shots = shots(4);
        SuggestionId id = transaction.execute(tx -> suggestions.add(subject, collage(shots), T));
        StoredSuggestion readByTheBuild = suggestions.current(subject).get(0);
        assertThat(suggestions.markRendered(id, shots))
                .as("a render commits meanwhile")
                .isTrue();

        boolean hadImage = transaction.execute(tx -> suggestions.remove(id, T.plusSeconds(5)));

        assertThat(readByTheBuild.rendered()).isFalse();
        assertThat(hadImage).as("the image must be deleted with the suggestion").isTrue();
        assertThat(suggestions.find(subject, id).orElseThrow().removedAt()).isNotNull();
        Boolean again = transaction.execute(tx -> suggestions.remove(id, T.plusSeconds(6)));
        assertThat(again).as("already removed").isFalse();
    }

    @Test
    void aDismissedSuggestionIsNeitherChangedNorUndismissed() {
        List<UUID> shots = shots(4);
        SuggestionId id = transaction.execute(tx -> suggestions.add(subject, collage(shots), T));
        transaction.executeWithoutResult(
                tx -> suggestions.setState(id, StoredSuggestion.State.DISMISSED, T.plusSeconds(1)));

        transaction.executeWithoutResult(
                tx -> suggestions.setState(id, StoredSuggestion.State.SAVED, T.plusSeconds(2)));
        boolean changed = transaction.execute(tx -> suggestions.change(id, collage(shots(6)), T.plusSeconds(3)));

        StoredSuggestion stored = suggestions.find(subject, id).orElseThrow();
        assertThat(changed).isFalse();
        assertThat(stored.state()).isEqualTo(StoredSuggestion.State.DISMISSED);
        assertThat(stored.mediaIds()).isEqualTo(shots);
        assertThat(suggestions.current(subject))
                .extracting(StoredSuggestion::suggestionId)
                .containsExactly(id);
    }

    private static List<UUID> shots(int count) {
        return Stream.generate(UUID::randomUUID).limit(count).toList();
    }

    private static Candidate collage(List<UUID> shots) {
        return new Candidate(
                Candidate.Kind.COLLAGE,
                null,
                Candidate.MOMENT,
                "A moment",
                shots.size() + " photos",
                T,
                T.plusSeconds(600),
                shots,
                shots,
                shots.get(0),
                null,
                null);
    }
}
