package dev.camroll.suggestions.internal;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * The holidays the {@code holiday} theme recognises, in the order they fall in a year. Each is one calendar day in
 * the Gregorian calendar, to be matched against the local date a photo was taken on (where it was taken, not UTC).
 *
 * <p>A holiday's date is always in the year asked for and nothing groups holidays across years: New Year's Eve 2024
 * is {@code NEW_YEARS_EVE.in(2024)}, 2024-12-31, and the New Year's Day that follows it is
 * {@code NEW_YEARS_DAY.in(2025)}, 2025-01-01. A caller that wants the night of 31 December into 1 January as one
 * celebration pairs {@code NEW_YEARS_EVE.in(y)} with {@code NEW_YEARS_DAY.in(y + 1)} itself.
 */
enum Holiday {
    NEW_YEARS_DAY("New Year's Day", MonthDay.of(1, 1)),
    VALENTINES_DAY("Valentine's Day", MonthDay.of(2, 14)),
    /** Western (Gregorian) Easter Sunday, between 22 March and 25 April. */
    EASTER("Easter", null),
    HALLOWEEN("Halloween", MonthDay.of(10, 31)),
    CHRISTMAS_EVE("Christmas Eve", MonthDay.of(12, 24)),
    CHRISTMAS_DAY("Christmas Day", MonthDay.of(12, 25)),
    NEW_YEARS_EVE("New Year's Eve", MonthDay.of(12, 31));

    private final String title;

    /** The fixed day in every year, or null for a movable feast. */
    private final @Nullable MonthDay day;

    Holiday(String title, @Nullable MonthDay day) {
        this.title = title;
        this.day = day;
    }

    /** The holiday's name for people, in English: "Christmas Eve", "Easter", "Valentine's Day". */
    String title() {
        return title;
    }

    /** The holiday's date in {@code year}. */
    LocalDate in(int year) {
        return day == null ? easterSunday(year) : day.atYear(year);
    }

    /** The holiday on {@code date}, or empty on an ordinary day; no two of these holidays share a date. */
    static Optional<Holiday> on(LocalDate date) {
        for (Holiday holiday : values()) {
            if (holiday.in(date.getYear()).equals(date)) {
                return Optional.of(holiday);
            }
        }
        return Optional.empty();
    }

    /**
     * Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher; Jean Meeus, <i>Astronomical
     * Algorithms</i>, chapter 8). It encodes the Gregorian computus, so before 1583 it gives the proleptic date,
     * not the Julian Easter that was kept then. Floor division keeps it defined for years before 1 as well.
     */
    private static LocalDate easterSunday(int year) {
        int a = Math.floorMod(year, 19); // the year's place in the 19-year Metonic cycle of the moon
        int b = Math.floorDiv(year, 100);
        int c = Math.floorMod(year, 100);
        int d = Math.floorDiv(b, 4);
        int e = Math.floorMod(b, 4);
        int f = Math.floorDiv(b + 8, 25);
        int g = Math.floorDiv(b - f + 1, 3); // the lunar correction of the Gregorian reform
        int h = Math.floorMod(19 * a + b - d - g + 15, 30); // days from 21 March to the paschal full moon, roughly
        int i = Math.floorDiv(c, 4);
        int k = Math.floorMod(c, 4);
        int l = Math.floorMod(32 + 2 * e + 2 * i - h - k, 7); // Easter is the Sunday l + 1 days after that full moon
        int m = Math.floorDiv(a + 11 * h + 22 * l, 451); // 1 where the rules' two exceptions move Easter a week back
        int n = h + l - 7 * m + 114;
        return LocalDate.of(year, n / 31, n % 31 + 1);
    }
}
