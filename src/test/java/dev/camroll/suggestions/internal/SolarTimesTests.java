package dev.camroll.suggestions.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/**
 * Sunrise and sunset against published almanac times, to within 2 minutes: the published times are whole minutes,
 * the method is good to about one, and the publishers' coordinates for a city differ from ours by a little.
 * Each published time is written as the local clock time with its UTC offset that day.
 */
class SolarTimesTests {

    static final double LONDON_LAT = 51.5074;

    static final double LONDON_LON = -0.1278;

    static final double TROMSO_LAT = 69.6492;

    static final double TROMSO_LON = 18.9553;

    static final Duration GOLDEN = Duration.ofMinutes(45);

    @Test
    void londonAtTheJuneSolstice() {
        // 04:43 and 21:21 BST on Thursday 20 June 2024, as given by themondonews.com and igettalk.com in their
        // 2024 summer solstice articles.
        LocalDate day = LocalDate.of(2024, 6, 20);
        assertNear(SolarTimes.sunrise(day, LONDON_LAT, LONDON_LON), "2024-06-20T04:43+01:00");
        assertNear(SolarTimes.sunset(day, LONDON_LAT, LONDON_LON), "2024-06-20T21:21+01:00");

        // 04:42:38 and 21:22:06 BST on 21 June 2025 at the Houses of Parliament (51.5 N, 0.125 W), from the
        // diamondgeezer blog's solstice table (copied at news.najib.digital/summer-solstice-london-25494.html).
        LocalDate solstice = LocalDate.of(2025, 6, 21);
        assertNear(SolarTimes.sunrise(solstice, 51.5, -0.125), "2025-06-21T04:42:38+01:00");
        assertNear(SolarTimes.sunset(solstice, 51.5, -0.125), "2025-06-21T21:22:06+01:00");
    }

    @Test
    void newYorkAtTheDecemberSolstice() {
        // 7:16 a.m. and 4:31 p.m. EST on Thursday 21 December 2023: CBS New York, "Winter solstice 2023: Sunrise
        // and sunset times for NYC".
        LocalDate day = LocalDate.of(2023, 12, 21);
        assertNear(SolarTimes.sunrise(day, 40.7128, -74.0060), "2023-12-21T07:16-05:00");
        assertNear(SolarTimes.sunset(day, 40.7128, -74.0060), "2023-12-21T16:31-05:00");
    }

    @Test
    void sydneyAtBothSolstices() {
        // 5:40 a.m. and 8:05 p.m. AEDT on Saturday 21 December 2024: Lifehacker Australia's summer solstice 2024
        // article, quoting timeanddate.com.
        LocalDate summer = LocalDate.of(2024, 12, 21);
        assertNear(SolarTimes.sunrise(summer, -33.8688, 151.2093), "2024-12-21T05:40+11:00");
        assertNear(SolarTimes.sunset(summer, -33.8688, 151.2093), "2024-12-21T20:05+11:00");

        // 7:00 a.m. and 4:54 p.m. AEST on Saturday 21 June 2025: sydneytravelguide.com.au, "Winter solstice in
        // Sydney".
        LocalDate winter = LocalDate.of(2025, 6, 21);
        assertNear(SolarTimes.sunrise(winter, -33.8688, 151.2093), "2025-06-21T07:00+10:00");
        assertNear(SolarTimes.sunset(winter, -33.8688, 151.2093), "2025-06-21T16:54+10:00");
    }

    @Test
    void quitoOnTheEquatorAllYear() {
        // Ecuador keeps UTC-5 all year. The times are timeanddate.com's as tabled in "Sunrise, Sunset in Quito
        // (Revisited)" on adventuresinmiddleearth.com (April 2018); the post names no year, we take 2018, and at the
        // equator the same date moves by well under a minute from one year to the next.
        double latitude = -0.2299;
        double longitude = -78.5250;
        assertNear(SolarTimes.sunrise(LocalDate.of(2018, 3, 21), latitude, longitude), "2018-03-21T06:18-05:00");
        assertNear(SolarTimes.sunset(LocalDate.of(2018, 3, 21), latitude, longitude), "2018-03-21T18:24-05:00");
        assertNear(SolarTimes.sunrise(LocalDate.of(2018, 6, 21), latitude, longitude), "2018-06-21T06:13-05:00");
        assertNear(SolarTimes.sunset(LocalDate.of(2018, 6, 21), latitude, longitude), "2018-06-21T18:19-05:00");
        assertNear(SolarTimes.sunrise(LocalDate.of(2018, 9, 21), latitude, longitude), "2018-09-21T06:04-05:00");
        assertNear(SolarTimes.sunset(LocalDate.of(2018, 9, 21), latitude, longitude), "2018-09-21T18:10-05:00");
        assertNear(SolarTimes.sunrise(LocalDate.of(2018, 12, 21), latitude, longitude), "2018-12-21T06:08-05:00");
        assertNear(SolarTimes.sunset(LocalDate.of(2018, 12, 21), latitude, longitude), "2018-12-21T18:16-05:00");
    }

    @Test
    void washingtonAtTheMarchEquinox() {
        // 7:11 a.m. and 7:19 p.m. EDT on Monday 20 March 2023, the day of the equinox, as published in "Monday's
        // spring equinox" (unitedweblog.com). Near an equinox the declination changes fastest.
        LocalDate day = LocalDate.of(2023, 3, 20);
        assertNear(SolarTimes.sunrise(day, 38.9072, -77.0369), "2023-03-20T07:11-04:00");
        assertNear(SolarTimes.sunset(day, 38.9072, -77.0369), "2023-03-20T19:19-04:00");
    }

    @Test
    void theDayIsTheLocalDateSoTokyosSunriseIsOnThePreviousUtcDate() {
        // 4:25 JST on 20 June 2024, the last day of that year's earliest sunrises in Tokyo (5 to 20 June), as
        // listed by r7-kagaku.gakuto-plus.jp in its April 2025 note on solstice sunrises and sunsets; that is
        // 19:25 UTC the day before.
        Optional<Instant> sunrise = SolarTimes.sunrise(LocalDate.of(2024, 6, 20), 35.6581, 139.7414);

        assertNear(sunrise, "2024-06-20T04:25+09:00");
        assertThat(sunrise).hasValueSatisfying(at -> assertThat(at).isBefore(Instant.parse("2024-06-20T00:00:00Z")));
    }

    @Test
    void eachEventFallsOnItsDateInLocalMeanTimeAllYearRoundTheWorld() {
        double[][] positions = {
            {LONDON_LAT, LONDON_LON},
            {-33.8688, 151.2093},
            {21.3069, -157.8583},
            {-36.8485, 174.7633},
            {64.1466, -21.9426},
            {-0.2299, -78.5250},
            {-54.8019, -68.3030},
            {60.0, 179.99}
        };
        for (double[] position : positions) {
            for (LocalDate day = LocalDate.of(2024, 1, 1); day.getYear() == 2024; day = day.plusDays(1)) {
                Instant sunrise =
                        SolarTimes.sunrise(day, position[0], position[1]).orElseThrow();
                Instant sunset =
                        SolarTimes.sunset(day, position[0], position[1]).orElseThrow();

                String where = day + " at " + position[0] + ", " + position[1];
                assertThat(SolarTimes.localSolarDate(sunrise, position[1]))
                        .as(where)
                        .isEqualTo(day);
                assertThat(SolarTimes.localSolarDate(sunset, position[1]))
                        .as(where)
                        .isEqualTo(day);
                assertThat(sunrise).as(where).isBefore(sunset);
            }
        }
    }

    @Test
    void tromsoHasPolarDayInJuneAndPolarNightInDecember() {
        // The solstices are well inside Tromsø's midnight sun (late May to late July) and polar night (late November
        // to mid January); no published time is needed for that.
        LocalDate midsummer = LocalDate.of(2024, 6, 21);
        assertThat(SolarTimes.sunset(midsummer, TROMSO_LAT, TROMSO_LON)).isEmpty();
        assertThat(SolarTimes.sunrise(midsummer, TROMSO_LAT, TROMSO_LON)).isEmpty();

        LocalDate midwinter = LocalDate.of(2024, 12, 21);
        assertThat(SolarTimes.sunrise(midwinter, TROMSO_LAT, TROMSO_LON)).isEmpty();
        assertThat(SolarTimes.sunset(midwinter, TROMSO_LAT, TROMSO_LON)).isEmpty();

        // Outside those seasons the sun rises and sets there as anywhere.
        assertThat(SolarTimes.sunrise(LocalDate.of(2024, 3, 20), TROMSO_LAT, TROMSO_LON))
                .isPresent();
        assertThat(SolarTimes.sunset(LocalDate.of(2024, 3, 20), TROMSO_LAT, TROMSO_LON))
                .isPresent();
    }

    @Test
    void thePolesHaveNoEventsAtTheSolstices() {
        assertThat(SolarTimes.sunrise(LocalDate.of(2024, 6, 21), 90, 0)).isEmpty();
        assertThat(SolarTimes.sunset(LocalDate.of(2024, 12, 21), 90, 0)).isEmpty();
        assertThat(SolarTimes.sunrise(LocalDate.of(2024, 6, 21), -90, 0)).isEmpty();
        assertThat(SolarTimes.sunset(LocalDate.of(2024, 12, 21), -90, 0)).isEmpty();
    }

    @Test
    void goldenHourIsNearSunsetNotHoursAfter() {
        Instant sunset = SolarTimes.sunset(LocalDate.of(2024, 6, 20), LONDON_LAT, LONDON_LON)
                .orElseThrow();

        assertThat(SolarTimes.isGoldenHour(sunset, LONDON_LAT, LONDON_LON, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(sunset.minus(Duration.ofMinutes(30)), LONDON_LAT, LONDON_LON, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(sunset.plus(Duration.ofMinutes(20)), LONDON_LAT, LONDON_LON, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(sunset.plus(Duration.ofMinutes(45)), LONDON_LAT, LONDON_LON, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(sunset.plus(Duration.ofMinutes(46)), LONDON_LAT, LONDON_LON, GOLDEN))
                .isFalse();
        assertThat(SolarTimes.isGoldenHour(sunset.plus(Duration.ofHours(2)), LONDON_LAT, LONDON_LON, GOLDEN))
                .isFalse();
        assertThat(SolarTimes.isGoldenHour(sunset.minus(Duration.ofHours(3)), LONDON_LAT, LONDON_LON, GOLDEN))
                .isFalse();
    }

    @Test
    void goldenHourIsNearSunriseToo() {
        // 7:16 a.m. EST sunrise in New York on 21 December 2023 (CBS New York, as above).
        Instant published = OffsetDateTime.parse("2023-12-21T07:16-05:00").toInstant();

        assertThat(SolarTimes.isGoldenHour(published.plus(Duration.ofMinutes(20)), 40.7128, -74.0060, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(published.minus(Duration.ofMinutes(20)), 40.7128, -74.0060, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(published.plus(Duration.ofHours(2)), 40.7128, -74.0060, GOLDEN))
                .isFalse();
    }

    @Test
    void goldenHourFindsAnEventAcrossTheUtcDateFarWest() {
        // Honolulu (UTC-10): the sunset of local Friday 21 June 2024, at about 7:16 p.m. (our own figure: only its
        // UTC date matters here), is on Saturday in UTC.
        double latitude = 21.3069;
        double longitude = -157.8583;
        Instant sunset = SolarTimes.sunset(LocalDate.of(2024, 6, 21), latitude, longitude)
                .orElseThrow();
        assertThat(sunset).isBetween(Instant.parse("2024-06-22T05:00:00Z"), Instant.parse("2024-06-22T05:30:00Z"));

        assertThat(SolarTimes.isGoldenHour(sunset.plus(Duration.ofMinutes(20)), latitude, longitude, GOLDEN))
                .isTrue();
        // Just before midnight UTC on the 21st, five hours before that sunset and long after that morning's sunrise.
        assertThat(SolarTimes.isGoldenHour(Instant.parse("2024-06-21T23:50:00Z"), latitude, longitude, GOLDEN))
                .isFalse();
        assertThat(SolarTimes.isGoldenHour(sunset.plus(Duration.ofHours(2)), latitude, longitude, GOLDEN))
                .isFalse();
    }

    @Test
    void goldenHourFindsAnEventAcrossTheUtcDateFarEast() {
        // Auckland (NZDT, UTC+13): the sunrise of local Saturday 21 December 2024, at about 5:58 a.m., is on Friday
        // in UTC. New Orleans' sunset on 20 March 2024, at about 7:12 p.m. CDT, is at 00:12 UTC on the 21st. Both
        // times are our own figures: only the UTC dates matter here.
        Instant sunrise = SolarTimes.sunrise(LocalDate.of(2024, 12, 21), -36.8485, 174.7633)
                .orElseThrow();
        assertThat(sunrise).isBetween(Instant.parse("2024-12-20T16:45:00Z"), Instant.parse("2024-12-20T17:15:00Z"));
        assertThat(SolarTimes.isGoldenHour(sunrise.plus(Duration.ofMinutes(20)), -36.8485, 174.7633, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(sunrise.minus(Duration.ofHours(2)), -36.8485, 174.7633, GOLDEN))
                .isFalse();

        assertThat(SolarTimes.isGoldenHour(Instant.parse("2024-03-20T23:55:00Z"), 29.9511, -90.0715, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(Instant.parse("2024-03-21T00:30:00Z"), 29.9511, -90.0715, GOLDEN))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(Instant.parse("2024-03-21T02:00:00Z"), 29.9511, -90.0715, GOLDEN))
                .isFalse();
    }

    @Test
    void goldenHourFindsTheSunsetOfTheDayBeforeJustAfterLocalMidnight() {
        // Rovaniemi on the Arctic Circle, 6 July 2024: the first sunset after the midnight sun, at 23:42 local mean
        // time, then sunrise at 00:28 on the 7th. Three minutes past local midnight, that sunset (of the 6th) is
        // 21 minutes back while the 7th's sunrise is 25 minutes ahead.
        double latitude = 66.5039;
        double longitude = 25.7294;
        Instant sunset =
                SolarTimes.sunset(LocalDate.of(2024, 7, 6), latitude, longitude).orElseThrow();
        Instant sunrise = SolarTimes.sunrise(LocalDate.of(2024, 7, 7), latitude, longitude)
                .orElseThrow();
        Instant justAfterMidnight = Instant.parse("2024-07-06T22:20:00Z");
        assertThat(SolarTimes.localSolarDate(justAfterMidnight, longitude)).isEqualTo(LocalDate.of(2024, 7, 7));
        assertThat(Duration.between(sunset, justAfterMidnight))
                .isBetween(Duration.ofMinutes(20), Duration.ofMinutes(22));
        assertThat(Duration.between(justAfterMidnight, sunrise))
                .isBetween(Duration.ofMinutes(24), Duration.ofMinutes(26));

        assertThat(SolarTimes.isGoldenHour(justAfterMidnight, latitude, longitude, Duration.ofMinutes(22)))
                .isTrue();
        assertThat(SolarTimes.isGoldenHour(justAfterMidnight, latitude, longitude, Duration.ofMinutes(15)))
                .isFalse();
    }

    @Test
    void noGoldenHourInPolarDayOrNight() {
        for (int hour = 0; hour < 24; hour++) {
            Instant summer = Instant.parse("2024-06-21T00:00:00Z").plus(Duration.ofHours(hour));
            Instant winter = Instant.parse("2024-12-21T00:00:00Z").plus(Duration.ofHours(hour));

            assertThat(SolarTimes.isGoldenHour(summer, TROMSO_LAT, TROMSO_LON, GOLDEN))
                    .as("%s", summer)
                    .isFalse();
            assertThat(SolarTimes.isGoldenHour(winter, TROMSO_LAT, TROMSO_LON, GOLDEN))
                    .as("%s", winter)
                    .isFalse();
        }
    }

    @Test
    void localSolarDateRunsFourMinutesPerDegreeFromUtc() {
        Instant noonUtc = Instant.parse("2024-06-21T12:00:00Z");
        Instant lateUtc = Instant.parse("2024-06-21T23:00:00Z");

        assertThat(SolarTimes.localSolarDate(noonUtc, 0)).isEqualTo(LocalDate.of(2024, 6, 21));
        assertThat(SolarTimes.localSolarDate(lateUtc, 15.1)).isEqualTo(LocalDate.of(2024, 6, 22));
        assertThat(SolarTimes.localSolarDate(lateUtc, 14.9)).isEqualTo(LocalDate.of(2024, 6, 21));
        assertThat(SolarTimes.localSolarDate(Instant.parse("2024-06-21T09:00:00Z"), -135.1))
                .isEqualTo(LocalDate.of(2024, 6, 20));
    }

    @Test
    void rejectsPositionsOffTheGlobeAndBadWindows() {
        LocalDate day = LocalDate.of(2024, 6, 21);
        Instant now = Instant.parse("2024-06-21T12:00:00Z");

        assertThatIllegalArgumentException().isThrownBy(() -> SolarTimes.sunrise(day, 90.5, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> SolarTimes.sunset(day, 0, -180.5));
        assertThatIllegalArgumentException().isThrownBy(() -> SolarTimes.sunset(day, Double.NaN, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> SolarTimes.isGoldenHour(now, 0, Double.NaN, GOLDEN));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> SolarTimes.isGoldenHour(now, 0, 0, Duration.ofMinutes(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> SolarTimes.isGoldenHour(now, 0, 0, Duration.ofHours(13)));
    }

    /** Asserts the event is within 2 minutes of a published local time given with its UTC offset. */
    private static void assertNear(Optional<Instant> actual, String published) {
        Instant expected = OffsetDateTime.parse(published).toInstant();
        assertThat(actual)
                .as("published %s", published)
                .hasValueSatisfying(at -> assertThat(at).isCloseTo(expected, within(2, ChronoUnit.MINUTES)));
    }
}
