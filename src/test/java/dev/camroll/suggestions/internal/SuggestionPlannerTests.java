package dev.camroll.suggestions.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.camroll.media.Shot;
import dev.camroll.suggestions.SuggestionSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which collages and recaps a library supports. */
class SuggestionPlannerTests {

    /** A day with nothing to remember, no occasions, no positions. */
    private static final ThemeFinder.Context NO_THEMES =
            new ThemeFinder.Context(LocalDate.of(2000, 1, 10), List.of(), false);

    private final SuggestionPlanner planner = new SuggestionPlanner(SuggestionSettings.defaults());

    @Test
    void aMomentOfFourDistinctShotsIsACollageAndOfThreeIsNot() {
        List<Shot> shots = new ArrayList<>(burst("2025-06-14T15:00", 4));
        shots.addAll(burst("2025-06-20T09:00", 3));

        List<Candidate> candidates = planner.plan(shots, NO_THEMES);

        assertThat(candidates).singleElement().satisfies(collage -> {
            assertThat(collage.kind()).isEqualTo(Candidate.Kind.COLLAGE);
            assertThat(collage.title()).isEqualTo("Saturday afternoon · 14 June 2025");
            assertThat(collage.subtitle()).isEqualTo("4 photos");
            assertThat(collage.mediaIds())
                    .containsExactlyElementsOf(
                            shots.subList(0, 4).stream().map(Shot::mediaId).toList());
            assertThat(collage.anchor()).isEqualTo(Candidate.MOMENT);
        });
    }

    @Test
    void nearDuplicatesNeverShareACollage() {
        List<Shot> shots = new ArrayList<>(burst("2025-06-14T15:00", 3));
        shots.add(Shots.nearDuplicateOf(shots.get(0), 2, 10)); // a blurred second try of the first

        assertThat(planner.plan(shots, NO_THEMES))
                .as("3 distinct shots are too few")
                .isEmpty();

        shots.add(Shots.at("2025-06-14T15:30"));
        assertThat(planner.plan(shots, NO_THEMES))
                .singleElement()
                .satisfies(collage -> assertThat(collage.mediaIds())
                        .hasSize(4)
                        .doesNotContain(shots.get(3).mediaId()));
    }

    @Test
    void aCollageShowsTheBestNineInCaptureOrder() {
        List<Shot> shots = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Shot shot = Shots.at(
                    LocalDateTime.parse("2025-06-14T10:00").plusMinutes(i).toString());
            // Three of them are blurred.
            shots.add(
                    i % 5 == 0
                            ? new Shot(
                                    shot.mediaId(),
                                    shot.takenLocal(),
                                    shot.takenAt(),
                                    null,
                                    null,
                                    1280,
                                    960,
                                    shot.differenceHash(),
                                    5,
                                    0.5,
                                    40,
                                    0)
                            : shot);
        }

        Candidate collage = planner.plan(shots, NO_THEMES).get(0);

        assertThat(collage.mediaIds())
                .hasSize(9)
                .containsExactlyElementsOf(shots.stream()
                        .filter(s -> s.sharpness() > 5)
                        .map(Shot::mediaId)
                        .toList());
        assertThat(collage.basisIds()).hasSize(12);
    }

    @Test
    void aMonthWithTwelveShotsOverThreeMomentsHasARecap() {
        List<Shot> shots = new ArrayList<>();
        shots.addAll(burst("2025-05-03T10:00", 4));
        shots.addAll(burst("2025-05-10T10:00", 4));
        shots.addAll(burst("2025-05-24T10:00", 4));

        List<Candidate> candidates = planner.plan(shots, NO_THEMES);

        assertThat(candidates)
                .filteredOn(c -> c.kind() == Candidate.Kind.RECAP)
                .singleElement()
                .satisfies(recap -> {
                    assertThat(recap.title()).isEqualTo("Your May 2025");
                    assertThat(recap.anchor()).isEqualTo("recap:2025-05");
                    assertThat(recap.mediaIds()).hasSize(12);
                });
        assertThat(candidates)
                .filteredOn(c -> c.kind() == Candidate.Kind.COLLAGE)
                .hasSize(3);
    }

    @Test
    void aRecapOfABusyMonthShowsItsBestMomentsWhereverTheyAreAndItsCoverIsAmongThem() {
        List<Shot> shots = new ArrayList<>();
        for (int day = 1; day <= 20; day++) { // 20 snapshots of middling quality early in the month
            Shot snapshot = Shots.at("2025-07-%02dT12:00".formatted(day));
            shots.add(new Shot(
                    snapshot.mediaId(),
                    snapshot.takenLocal(),
                    snapshot.takenAt(),
                    null,
                    null,
                    1280,
                    960,
                    snapshot.differenceHash(),
                    30,
                    0.5,
                    10,
                    0));
        }
        List<Shot> trip = burst("2025-07-28T10:00", 6); // a crisp, colourful day at the end of the month
        shots.addAll(trip);

        Candidate recap = planner.plan(shots, NO_THEMES).stream()
                .filter(c -> c.kind() == Candidate.Kind.RECAP)
                .findFirst()
                .orElseThrow();

        assertThat(recap.mediaIds()).hasSize(16).contains(trip.get(0).mediaId());
        assertThat(recap.mediaIds()).contains(recap.coverMediaId());
        assertThat(trip.stream().map(Shot::mediaId)).contains(recap.coverMediaId());
    }

    @Test
    void twelveShotsFromTwoMomentsAreNoRecap() {
        List<Shot> shots = new ArrayList<>(burst("2025-05-03T10:00", 6));
        shots.addAll(burst("2025-05-10T10:00", 6));

        assertThat(planner.plan(shots, NO_THEMES)).noneMatch(c -> c.kind() == Candidate.Kind.RECAP);
    }

    /** Distinct shots a minute apart. */
    private static List<Shot> burst(String start, int count) {
        List<Shot> shots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shots.add(Shots.at(LocalDateTime.parse(start).plusMinutes(i).toString()));
        }
        return shots;
    }
}
