package dev.camroll.suggestions.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.camroll.suggestions.SuggestionId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A suggestion keeps its id while its moment grows, and a dismissed one never comes back. */
class SuggestionReconcilerTests {

    private static final Instant T = Instant.parse("2025-06-14T10:00:00Z");

    @Test
    void aMomentThatGrowsKeepsItsSuggestion() {
        StoredSuggestion stored = stored(Candidate.MOMENT, StoredSuggestion.State.SEEN, ids(1, 2, 3, 4));

        SuggestionReconciler.Changes changes =
                SuggestionReconciler.reconcile(List.of(stored), List.of(collage(ids(1, 2, 3, 4, 5))));

        assertThat(changes.added()).isEmpty();
        assertThat(changes.removed()).isEmpty();
        assertThat(changes.changed()).singleElement().satisfies(change -> {
            assertThat(change.before().suggestionId()).isEqualTo(stored.suggestionId());
            assertThat(change.showsOtherShots()).isTrue();
        });
    }

    @Test
    void anUnchangedMomentChangesNothing() {
        Candidate candidate = collage(ids(1, 2, 3, 4));
        StoredSuggestion stored = stored(Candidate.MOMENT, StoredSuggestion.State.NEW, ids(1, 2, 3, 4));

        SuggestionReconciler.Changes changes = SuggestionReconciler.reconcile(List.of(stored), List.of(candidate));

        assertThat(changes.added()).isEmpty();
        assertThat(changes.changed()).isEmpty();
        assertThat(changes.removed()).isEmpty();
    }

    @Test
    void aDismissedSuggestionIsNeitherChangedNorMadeAgain() {
        StoredSuggestion dismissed = stored(Candidate.MOMENT, StoredSuggestion.State.DISMISSED, ids(1, 2, 3, 4));

        SuggestionReconciler.Changes changes =
                SuggestionReconciler.reconcile(List.of(dismissed), List.of(collage(ids(1, 2, 3, 4, 5, 6))));

        assertThat(changes.added()).isEmpty();
        assertThat(changes.changed()).isEmpty();
        assertThat(changes.removed()).isEmpty();
    }

    @Test
    void aMomentThatSplitsLeavesTheIdWithTheLargerPartAndTheOtherIsNew() {
        StoredSuggestion stored = stored(Candidate.MOMENT, StoredSuggestion.State.NEW, ids(1, 2, 3, 4, 5, 6, 7, 8, 9));
        Candidate small = collage(ids(1, 2, 3, 4));
        Candidate large = collage(ids(5, 6, 7, 8, 9));

        SuggestionReconciler.Changes changes = SuggestionReconciler.reconcile(List.of(stored), List.of(small, large));

        assertThat(changes.changed())
                .singleElement()
                .satisfies(change -> assertThat(change.after()).isEqualTo(large));
        assertThat(changes.added()).containsExactly(small);
    }

    @Test
    void aSuggestionWhoseShotsAreGoneIsRemovedAndARecapMatchesByItsMonth() {
        StoredSuggestion gone = stored(Candidate.MOMENT, StoredSuggestion.State.NEW, ids(1, 2, 3, 4));
        StoredSuggestion recap = stored("recap:2025-05", StoredSuggestion.State.NEW, ids(10, 11, 12));
        Candidate sameMonth = new Candidate(
                Candidate.Kind.RECAP,
                null,
                "recap:2025-05",
                "Your May 2025",
                null,
                T,
                T,
                ids(10, 11, 13),
                ids(10, 11, 13),
                ids(10).get(0),
                null,
                null);

        SuggestionReconciler.Changes changes = SuggestionReconciler.reconcile(List.of(gone, recap), List.of(sameMonth));

        assertThat(changes.removed()).containsExactly(gone);
        assertThat(changes.changed())
                .singleElement()
                .satisfies(change -> assertThat(change.before()).isEqualTo(recap));
    }

    private static Candidate collage(List<UUID> ids) {
        return new Candidate(
                Candidate.Kind.COLLAGE,
                null,
                Candidate.MOMENT,
                "A moment",
                "photos",
                T,
                T,
                ids,
                ids,
                ids.get(0),
                null,
                null);
    }

    private static StoredSuggestion stored(String anchor, StoredSuggestion.State state, List<UUID> ids) {
        Candidate.Kind kind = anchor.startsWith("recap:") ? Candidate.Kind.RECAP : Candidate.Kind.COLLAGE;
        String title = kind == Candidate.Kind.RECAP ? "Your May 2025" : "A moment";
        return new StoredSuggestion(
                new SuggestionId(UUID.randomUUID()),
                "user",
                kind,
                null,
                anchor,
                title,
                "photos",
                T,
                T,
                ids,
                ids,
                ids.get(0),
                true,
                state,
                null,
                null,
                T,
                T,
                null,
                1);
    }

    private static List<UUID> ids(int... numbers) {
        List<UUID> ids = new ArrayList<>();
        for (int n : numbers) {
            ids.add(new UUID(7, n));
        }
        return ids;
    }
}
