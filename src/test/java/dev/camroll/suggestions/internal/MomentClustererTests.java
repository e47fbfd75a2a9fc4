package dev.camroll.suggestions.internal;

import java.util.List;

import dev.camroll.media.Shot;
import dev.camroll.suggestions.SuggestionSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** How shots become moments: pauses, distances, near-duplicates. */
class MomentClustererTests {

    private final MomentClusterer clusterer = new MomentClusterer(SuggestionSettings.defaults());

    @Test
    void aPauseOfMoreThanThreeHoursStartsANewMoment() {
        Shot a = Shots.at("2025-06-14T10:00");
        Shot b = Shots.at("2025-06-14T12:59");
        Shot c = Shots.at("2025-06-14T16:00");
        Shot d = Shots.at("2025-06-14T16:30");

        List<Moment> moments = clusterer.moments(List.of(d, c, b, a));

        assertThat(moments).extracting(Moment::shots).containsExactly(List.of(a, b), List.of(c, d));
    }

    @Test
    void consecutiveGeotaggedShotsMoreThanFiftyKilometresApartStartANewMoment() {
        Shot zurich = Shots.at("2025-06-14T10:00", 47.3769, 8.5417);
        Shot unplaced = Shots.at("2025-06-14T10:20");
        Shot winterthur = Shots.at("2025-06-14T10:40", 47.4988, 8.7237); // about 19 km away
        Shot bern = Shots.at("2025-06-14T11:30", 46.9480, 7.4474); // about 110 km from Winterthur

        List<Moment> moments = clusterer.moments(List.of(zurich, unplaced, winterthur, bern));

        assertThat(moments)
                .extracting(Moment::shots)
                .containsExactly(List.of(zurich, unplaced, winterthur), List.of(bern));
        assertThat(MomentClusterer.kilometres(zurich, bern)).isBetween(94.0, 96.0);
    }

    @Test
    void nearDuplicatesCollapseOntoTheSharpestShotAndOthersStay() {
        Shot first = Shots.at("2025-06-14T10:00");
        Shot blurredTwin = Shots.nearDuplicateOf(first, 6, 20);
        Shot sharperTwin = Shots.nearDuplicateOf(first, 3, 4000);
        Shot different = Shots.at("2025-06-14T10:01"); // another picture: about half its bits differ

        List<Moment> moments = clusterer.moments(List.of(first, blurredTwin, sharperTwin, different));

        assertThat(moments).hasSize(1);
        assertThat(moments.get(0).shots()).containsExactly(sharperTwin, different);
        assertThat(moments.get(0).collapsed()).isEqualTo(2);
    }
}
