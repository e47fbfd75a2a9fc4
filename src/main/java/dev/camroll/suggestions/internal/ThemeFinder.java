package dev.camroll.suggestions.internal;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.camroll.media.Shot;
import dev.camroll.suggestions.SuggestionSettings;
import org.jspecify.annotations.Nullable;

/**
 * The THEME suggestions of a user's moments: holidays, birthdays and anniversaries, this day in earlier years, trips
 * and golden hours. Trips and golden hours use positions, so they exist only while the user gives
 * {@code location_analysis}. Themes show the best of their shots (at most as many as a collage) and are not rendered.
 */
final class ThemeFinder {

    /** What a build knows besides the shots. */
    record Context(LocalDate today, List<Occasion> occasions, boolean locationAllowed) {}

    private final SuggestionSettings settings;

    ThemeFinder(SuggestionSettings settings) {
        this.settings = settings;
    }

    List<Candidate> themes(List<Moment> moments, Context context) {
        List<Candidate> themes = new ArrayList<>();
        List<Shot> shots = moments.stream().flatMap(m -> m.shots().stream()).toList();
        Map<LocalDate, List<Shot>> byDay = new TreeMap<>();
        for (Shot shot : shots) {
            byDay.computeIfAbsent(shot.takenLocal().toLocalDate(), d -> new ArrayList<>())
                    .add(shot);
        }
        holidays(byDay, themes);
        occasions(byDay, context.occasions(), themes);
        onThisDay(byDay, context.today(), themes);
        if (context.locationAllowed()) {
            trips(moments, themes);
            goldenHours(moments, themes);
        }
        return themes;
    }

    /** A holiday with enough shots on its day: "Christmas Day 2024". */
    private void holidays(Map<LocalDate, List<Shot>> byDay, List<Candidate> themes) {
        byDay.forEach((day, shots) -> Holiday.on(day)
                .ifPresent(holiday -> add(
                        themes,
                        "holiday",
                        "holiday:" + holiday.name().toLowerCase(Locale.ROOT) + ":" + day.getYear(),
                        holiday.title() + " " + day.getYear(),
                        Titles.dates(day, day),
                        shots,
                        null,
                        null)));
    }

    /** An occasion with enough shots on its day in some year: "Mum's birthday 2024". */
    private void occasions(Map<LocalDate, List<Shot>> byDay, List<Occasion> occasions, List<Candidate> themes) {
        for (Occasion occasion : occasions) {
            MonthDay date = MonthDay.of(occasion.month(), occasion.day());
            for (int year :
                    byDay.keySet().stream().map(LocalDate::getYear).distinct().toList()) {
                // 29 February in other years: the day before March, as most people celebrate it.
                LocalDate day = date.isValidYear(year) ? date.atYear(year) : LocalDate.of(year, 2, 28);
                List<Shot> shots = byDay.getOrDefault(day, List.of());
                add(
                        themes,
                        occasion.kind().name(),
                        "occasion:" + occasion.kind() + ":" + occasion.label() + ":" + year,
                        occasion.label() + " " + year,
                        Titles.dates(day, day),
                        shots,
                        null,
                        null);
            }
        }
    }

    /**
     * This day (give or take a day) in each earlier year with enough shots, shown today only: "3 years ago today".
     */
    private void onThisDay(Map<LocalDate, List<Shot>> byDay, LocalDate today, List<Candidate> themes) {
        Map<Integer, List<Shot>> byYear = new TreeMap<>();
        byDay.forEach((day, shots) -> {
            int years = today.getYear() - day.getYear();
            if (years <= 0) {
                return;
            }
            LocalDate sameDay = sameDayIn(today, day.getYear());
            if (Math.abs(ChronoUnit.DAYS.between(sameDay, day)) <= 1) {
                byYear.computeIfAbsent(years, y -> new ArrayList<>()).addAll(shots);
            }
        });
        byYear.forEach((years, shots) -> add(
                themes,
                "on_this_day",
                "on_this_day:" + today + ":" + years,
                years == 1 ? "1 year ago today" : years + " years ago today",
                Titles.dates(sameDayIn(today, today.getYear() - years), sameDayIn(today, today.getYear() - years)),
                shots,
                today,
                today));
    }

    /**
     * Runs of moments at least {@code tripDistanceKm} from home, over at least two calendar days: "Trip · 14-17
     * June 2025". Moments without positions inside a run belong to it; home is the {@code homeCellKm} grid cell with
     * the most geotagged shots.
     */
    private void trips(List<Moment> moments, List<Candidate> themes) {
        Optional<double[]> home = home(moments);
        if (home.isEmpty()) {
            return;
        }
        List<Moment> run = new ArrayList<>();
        int unplacedTail = 0;
        for (Moment moment : moments) {
            Boolean away = away(moment, home.get());
            if (Boolean.TRUE.equals(away)) {
                run.add(moment);
                unplacedTail = 0;
            } else if (away == null && !run.isEmpty()) {
                run.add(moment);
                unplacedTail++;
            } else {
                trip(run.subList(0, run.size() - unplacedTail), themes);
                run = new ArrayList<>();
                unplacedTail = 0;
            }
        }
        trip(run.subList(0, run.size() - unplacedTail), themes);
    }

    private void trip(List<Moment> run, List<Candidate> themes) {
        if (run.isEmpty()) {
            return;
        }
        LocalDate first = run.get(0).firstLocal().toLocalDate();
        LocalDate last = run.get(run.size() - 1).lastLocal().toLocalDate();
        if (!last.isAfter(first)) {
            return;
        }
        List<Shot> shots = run.stream().flatMap(m -> m.shots().stream()).toList();
        add(
                themes,
                "trip",
                Candidate.MOMENT,
                "Trip · " + Titles.dates(first, last),
                Titles.photos(shots.size()),
                shots,
                null,
                null);
    }

    /** Whether a moment is away from home: by the median distance of its geotagged shots; null without any. */
    private @Nullable Boolean away(Moment moment, double[] home) {
        List<Double> distances = moment.shots().stream()
                .filter(Shot::isGeotagged)
                .map(s -> MomentClusterer.kilometres(home[0], home[1], s.latitude(), s.longitude()))
                .sorted()
                .toList();
        if (distances.isEmpty()) {
            return null;
        }
        return distances.get(distances.size() / 2) >= settings.tripDistanceKm();
    }

    /** The centre of the grid cell with the most geotagged shots, or empty without any. */
    private Optional<double[]> home(List<Moment> moments) {
        double step = settings.homeCellKm() / 111.2; // degrees of latitude; longitude cells are as wide on the ground
        Map<String, double[]> cells = new TreeMap<>(); // key -> {count, sum lat, sum lon}
        for (Moment moment : moments) {
            for (Shot shot : moment.shots()) {
                if (!shot.isGeotagged()) {
                    continue;
                }
                long row = (long) Math.floor(shot.latitude() / step);
                double lonStep = step / Math.max(0.01, Math.cos(Math.toRadians((row + 0.5) * step)));
                long column = (long) Math.floor(shot.longitude() / lonStep);
                double[] cell = cells.computeIfAbsent(row + ":" + column, k -> new double[3]);
                cell[0]++;
                cell[1] += shot.latitude();
                cell[2] += shot.longitude();
            }
        }
        // Ties go to the cell first in key order, so the same shots always give the same home.
        return cells.entrySet().stream()
                .max(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> e.getValue()[0])
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(e -> new double[] {e.getValue()[1] / e.getValue()[0], e.getValue()[2] / e.getValue()[0]});
    }

    /** The warm shots of a moment taken near sunrise or sunset where they were taken: "Golden hour · 14 June 2025". */
    private void goldenHours(List<Moment> moments, List<Candidate> themes) {
        for (Moment moment : moments) {
            List<Shot> golden = moment.shots().stream()
                    .filter(s -> s.isGeotagged()
                            && s.warmth() >= settings.goldenWarmth()
                            && SolarTimes.isGoldenHour(
                                    s.takenAt(), s.latitude(), s.longitude(), settings.goldenHourWindow()))
                    .toList();
            if (golden.isEmpty()) {
                continue;
            }
            LocalDate day = golden.get(0).takenLocal().toLocalDate();
            add(
                    themes,
                    "golden_hour",
                    Candidate.MOMENT,
                    "Golden hour · "
                            + Titles.dates(
                                    day,
                                    golden.get(golden.size() - 1).takenLocal().toLocalDate()),
                    Titles.photos(golden.size()),
                    golden,
                    null,
                    null);
        }
    }

    /** A theme of these shots if there are enough: the best of them, in capture order. */
    private void add(
            List<Candidate> themes,
            String theme,
            String anchor,
            String title,
            String subtitle,
            List<Shot> shots,
            LocalDate showFrom,
            LocalDate showUntil) {
        if (shots.size() < settings.themeMinShots()) {
            return;
        }
        Moment all = new Moment(
                shots.stream().sorted(Comparator.comparing(Shot::takenLocal)).toList(), 0);
        List<Shot> shown = all.best(settings.collageMaxShots());
        themes.add(new Candidate(
                Candidate.Kind.THEME,
                theme,
                anchor,
                title,
                subtitle,
                all.firstInstant(),
                all.lastInstant(),
                ids(shown),
                all.mediaIds(),
                all.cover().mediaId(),
                showFrom,
                showUntil));
    }

    /** The month and day of {@code today} in {@code year} (28 February for 29 February in other years). */
    private static LocalDate sameDayIn(LocalDate today, int year) {
        MonthDay day = MonthDay.from(today);
        return day.isValidYear(year) ? day.atYear(year) : LocalDate.of(year, 2, 28);
    }

    private static List<UUID> ids(List<Shot> shots) {
        return shots.stream().map(Shot::mediaId).toList();
    }
}
