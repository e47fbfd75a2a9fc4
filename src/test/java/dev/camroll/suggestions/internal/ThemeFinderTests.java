package dev.camroll.suggestions.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

import dev.camroll.media.Shot;
import dev.camroll.suggestions.SuggestionSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Each theme appears exactly when it should, and not otherwise. */
class ThemeFinderTests {

    private static final LocalDate QUIET_DAY = LocalDate.of(2030, 8, 1);

    private static final double[] ZURICH = {47.3769, 8.5417};

    private static final double[] ROME = {41.9028, 12.4964};

    private final SuggestionPlanner planner = new SuggestionPlanner(SuggestionSettings.defaults());

    @Test
    void aHolidayWithThreeShotsIsATheme() {
        List<Shot> shots = new ArrayList<>(burst("2024-12-25T10:00", 3, null));
        shots.addAll(burst("2024-10-31T19:00", 2, null)); // Halloween, but only 2 shots
        shots.addAll(burst("2025-04-20T11:00", 3, null)); // Easter Sunday 2025

        assertThat(themes(shots, context(QUIET_DAY, false)))
                .extracting(Candidate::title)
                .containsExactlyInAnyOrder("Christmas Day 2024", "Easter 2025");
        assertThat(themes(shots, context(QUIET_DAY, false))).allSatisfy(theme -> {
            assertThat(theme.theme()).isEqualTo("holiday");
            assertThat(theme.kind()).isEqualTo(Candidate.Kind.THEME);
            assertThat(theme.hasImage()).isFalse();
        });
    }

    @Test
    void birthdaysAndAnniversariesComeFromTheUsersOccasions() {
        List<Shot> shots = new ArrayList<>(burst("2024-03-14T16:00", 4, null));
        shots.addAll(burst("2023-03-14T16:00", 2, null)); // too few that year
        shots.addAll(burst("2025-02-28T20:00", 3, null)); // a 29 February anniversary in a common year
        List<Occasion> occasions = List.of(
                new Occasion("Mum's birthday", Occasion.Kind.birthday, 3, 14),
                new Occasion("Our wedding", Occasion.Kind.anniversary, 2, 29));

        List<Candidate> themes = themes(shots, new ThemeFinder.Context(QUIET_DAY, occasions, false));

        assertThat(themes)
                .extracting(c -> c.theme() + ": " + c.title())
                .containsExactlyInAnyOrder("birthday: Mum's birthday 2024", "anniversary: Our wedding 2025");
    }

    @Test
    void thisDayInEarlierYearsIsShownOnThatDayOnly() {
        List<Shot> shots = new ArrayList<>(burst("2022-06-13T10:00", 3, null)); // a day before, 3 years ago
        shots.addAll(burst("2024-06-15T10:00", 3, null)); // a day after, a year ago
        shots.addAll(burst("2023-06-20T10:00", 3, null)); // too far from the day
        LocalDate today = LocalDate.of(2025, 6, 14);

        List<Candidate> themes = themes(shots, context(today, false));

        assertThat(themes)
                .filteredOn(c -> "on_this_day".equals(c.theme()))
                .extracting(Candidate::title)
                .containsExactlyInAnyOrder("3 years ago today", "1 year ago today");
        assertThat(themes).filteredOn(c -> "on_this_day".equals(c.theme())).allSatisfy(theme -> {
            assertThat(theme.showFrom()).isEqualTo(today);
            assertThat(theme.showUntil()).isEqualTo(today);
        });
        assertThat(themes(shots, context(today.plusDays(3), false))).noneMatch(c -> "on_this_day".equals(c.theme()));
    }

    @Test
    void daysFarFromHomeAreATripOnlyWithLocationConsent() {
        List<Shot> shots = new ArrayList<>();
        for (int day = 1; day <= 10; day++) { // home: Zurich
            shots.addAll(burst("2025-06-%02dT09:00".formatted(day), 3, ZURICH));
        }
        shots.addAll(burst("2025-06-14T10:00", 4, ROME));
        shots.addAll(burst("2025-06-15T18:00", 2, null)); // no position, between Rome days: part of the trip
        shots.addAll(burst("2025-06-17T11:00", 4, ROME));
        shots.addAll(burst("2025-06-20T09:00", 3, ZURICH));
        shots.addAll(burst("2025-06-22T10:00", 3, new double[] {46.0037, 8.9511})); // Lugano, 150 km: one day only

        List<Candidate> allowed = themes(shots, context(QUIET_DAY, true));

        assertThat(allowed)
                .filteredOn(c -> "trip".equals(c.theme()))
                .singleElement()
                .satisfies(trip -> {
                    assertThat(trip.title()).isEqualTo("Trip · 14-17 June 2025");
                    assertThat(trip.basisIds()).hasSize(10);
                    assertThat(trip.anchor()).isEqualTo(Candidate.MOMENT);
                });
        assertThat(themes(shots, context(QUIET_DAY, false))).noneMatch(c -> "trip".equals(c.theme()));
    }

    @Test
    void warmShotsNearSunsetWhereTheyWereTakenAreAGoldenHourOnlyWithLocationConsent() {
        // Zurich's sunset on 14 June 2025 is at about 21:26 CEST (19:26 UTC).
        List<Shot> shots = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            shots.add(Shots.taken("2025-06-14T21:0" + i, "2025-06-14T19:0" + i + ":00Z", ZURICH[0], ZURICH[1], 0.2));
        }
        shots.add(Shots.taken("2025-06-14T21:05", "2025-06-14T19:05:00Z", ZURICH[0], ZURICH[1], 0.0)); // not warm
        List<Shot> noon = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            noon.add(Shots.taken("2025-06-15T13:0" + i, "2025-06-15T11:0" + i + ":00Z", ZURICH[0], ZURICH[1], 0.3));
        }
        List<Shot> all = new ArrayList<>(shots);
        all.addAll(noon);

        List<Candidate> golden = themes(all, context(QUIET_DAY, true)).stream()
                .filter(c -> "golden_hour".equals(c.theme()))
                .toList();

        assertThat(golden).singleElement().satisfies(theme -> {
            assertThat(theme.title()).isEqualTo("Golden hour · 14 June 2025");
            assertThat(theme.mediaIds())
                    .containsExactlyElementsOf(
                            shots.subList(0, 3).stream().map(Shot::mediaId).toList());
        });
        assertThat(themes(all, context(QUIET_DAY, false))).noneMatch(c -> "golden_hour".equals(c.theme()));
    }

    private List<Candidate> themes(List<Shot> shots, ThemeFinder.Context context) {
        return planner.plan(shots, context).stream()
                .filter(c -> c.kind() == Candidate.Kind.THEME)
                .toList();
    }

    private static ThemeFinder.Context context(LocalDate today, boolean location) {
        return new ThemeFinder.Context(today, List.of(), location);
    }

    /** Distinct shots ten minutes apart, wall clock as UTC, at a position or none. */
    private static List<Shot> burst(String start, int count, double[] position) {
        List<Shot> shots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String local = LocalDateTime.parse(start).plusMinutes(10L * i).toString();
            shots.add(position == null ? Shots.at(local) : Shots.at(local, position[0], position[1]));
        }
        return shots;
    }
}
