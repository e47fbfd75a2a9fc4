package dev.camroll.suggestions.internal;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.MonthDay;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The holidays of the {@code holiday} theme: their dates, Easter's included, and their names. */
class HolidayTests {

    @Test
    void easterOnKnownDates() {
        // Western Easter Sunday as in the published tables, and as python-dateutil's easter() gives it: that is a
        // port of Claus Tøndering's algorithm after Oudin (1940), a formulation independent of Meeus's, and the two
        // agree on every year from 1583 to 9999.
        assertThat(Holiday.EASTER.in(2024)).isEqualTo(LocalDate.of(2024, 3, 31));
        assertThat(Holiday.EASTER.in(2025)).isEqualTo(LocalDate.of(2025, 4, 20));
        assertThat(Holiday.EASTER.in(2019)).isEqualTo(LocalDate.of(2019, 4, 21));
        assertThat(Holiday.EASTER.in(2000)).isEqualTo(LocalDate.of(2000, 4, 23));
        assertThat(Holiday.EASTER.in(1961)).isEqualTo(LocalDate.of(1961, 4, 2));
        assertThat(Holiday.EASTER.in(2026)).isEqualTo(LocalDate.of(2026, 4, 5));
    }

    @Test
    void easterOnItsEarliestAndLatestPossibleDates() {
        // 22 March, the earliest, last in 1818 and next in 2285; 25 April, the latest, in 1943 and next in 2038.
        assertThat(Holiday.EASTER.in(1818)).isEqualTo(LocalDate.of(1818, 3, 22));
        assertThat(Holiday.EASTER.in(2285)).isEqualTo(LocalDate.of(2285, 3, 22));
        assertThat(Holiday.EASTER.in(1943)).isEqualTo(LocalDate.of(1943, 4, 25));
        assertThat(Holiday.EASTER.in(2038)).isEqualTo(LocalDate.of(2038, 4, 25));
    }

    @Test
    void easterIsASundayFromTwentySecondMarchToTwentyFifthApril() {
        LocalDate earliest = null;
        LocalDate latest = null;
        for (int year = 1583; year <= 4099; year++) {
            LocalDate easter = Holiday.EASTER.in(year);

            assertThat(easter.getYear()).isEqualTo(year);
            assertThat(easter.getDayOfWeek()).as("%s", easter).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(MonthDay.from(easter)).as("%s", easter).isBetween(MonthDay.of(3, 22), MonthDay.of(4, 25));
            if (earliest == null || MonthDay.from(easter).isBefore(MonthDay.from(earliest))) {
                earliest = easter;
            }
            if (latest == null || MonthDay.from(easter).isAfter(MonthDay.from(latest))) {
                latest = easter;
            }
        }
        // Both bounds are reached: the range is the rule's, not an accident of the loop.
        assertThat(MonthDay.from(earliest)).isEqualTo(MonthDay.of(3, 22));
        assertThat(MonthDay.from(latest)).isEqualTo(MonthDay.of(4, 25));
    }

    @Test
    void easterIsDefinedForAnyYearALocalDateHolds() {
        // Before 1583 the answer is the proleptic Gregorian one; it must still be a Sunday in the right window.
        for (int year : new int[] {1, 0, -1, -4713, 1000, 1582, LocalDate.MAX.getYear(), LocalDate.MIN.getYear()}) {
            LocalDate easter = Holiday.EASTER.in(year);

            assertThat(easter.getDayOfWeek()).as("%s", easter).isEqualTo(DayOfWeek.SUNDAY);
            assertThat(MonthDay.from(easter)).as("%s", easter).isBetween(MonthDay.of(3, 22), MonthDay.of(4, 25));
        }
    }

    @Test
    void fixedHolidaysFallOnTheirDays() {
        assertThat(Holiday.CHRISTMAS_EVE.in(2024)).isEqualTo(LocalDate.of(2024, 12, 24));
        assertThat(Holiday.CHRISTMAS_DAY.in(2024)).isEqualTo(LocalDate.of(2024, 12, 25));
        assertThat(Holiday.NEW_YEARS_EVE.in(2024)).isEqualTo(LocalDate.of(2024, 12, 31));
        assertThat(Holiday.NEW_YEARS_DAY.in(2025)).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(Holiday.HALLOWEEN.in(2023)).isEqualTo(LocalDate.of(2023, 10, 31));
        assertThat(Holiday.VALENTINES_DAY.in(2024)).isEqualTo(LocalDate.of(2024, 2, 14));
    }

    @Test
    void newYearsEveAndTheNewYearsDayAfterItAreInDifferentYears() {
        assertThat(Holiday.on(LocalDate.of(2024, 12, 31))).contains(Holiday.NEW_YEARS_EVE);
        assertThat(Holiday.on(LocalDate.of(2025, 1, 1))).contains(Holiday.NEW_YEARS_DAY);
        assertThat(Holiday.NEW_YEARS_DAY.in(2024)).isEqualTo(LocalDate.of(2024, 1, 1));
        assertThat(Holiday.NEW_YEARS_EVE.in(2024).plusDays(1)).isEqualTo(Holiday.NEW_YEARS_DAY.in(2025));
    }

    @Test
    void onFindsEveryHoliday() {
        assertThat(Holiday.on(LocalDate.of(2024, 12, 24))).contains(Holiday.CHRISTMAS_EVE);
        assertThat(Holiday.on(LocalDate.of(2024, 12, 25))).contains(Holiday.CHRISTMAS_DAY);
        assertThat(Holiday.on(LocalDate.of(2024, 12, 31))).contains(Holiday.NEW_YEARS_EVE);
        assertThat(Holiday.on(LocalDate.of(2024, 1, 1))).contains(Holiday.NEW_YEARS_DAY);
        assertThat(Holiday.on(LocalDate.of(2024, 3, 31))).contains(Holiday.EASTER);
        assertThat(Holiday.on(LocalDate.of(2025, 4, 20))).contains(Holiday.EASTER);
        assertThat(Holiday.on(LocalDate.of(2024, 10, 31))).contains(Holiday.HALLOWEEN);
        assertThat(Holiday.on(LocalDate.of(2024, 2, 14))).contains(Holiday.VALENTINES_DAY);

        for (Holiday holiday : Holiday.values()) {
            for (int year = 1990; year <= 2040; year++) {
                assertThat(Holiday.on(holiday.in(year)))
                        .as("%s %d", holiday, year)
                        .contains(holiday);
            }
        }
    }

    @Test
    void anOrdinaryDayIsNoHoliday() {
        assertThat(Holiday.on(LocalDate.of(2024, 7, 9))).isEmpty();
        assertThat(Holiday.on(LocalDate.of(2024, 12, 26))).isEmpty();
        assertThat(Holiday.on(LocalDate.of(2024, 12, 30))).isEmpty();
        assertThat(Holiday.on(LocalDate.of(2024, 1, 2))).isEmpty();
        // Easter is a movable feast: last year's date is an ordinary day this year.
        assertThat(Holiday.on(LocalDate.of(2025, 3, 31))).isEmpty();
        assertThat(Holiday.on(LocalDate.of(2024, 4, 20))).isEmpty();
    }

    @Test
    void titlesAreForPeople() {
        assertThat(Holiday.CHRISTMAS_EVE.title()).isEqualTo("Christmas Eve");
        assertThat(Holiday.CHRISTMAS_DAY.title()).isEqualTo("Christmas Day");
        assertThat(Holiday.NEW_YEARS_EVE.title()).isEqualTo("New Year's Eve");
        assertThat(Holiday.NEW_YEARS_DAY.title()).isEqualTo("New Year's Day");
        assertThat(Holiday.EASTER.title()).isEqualTo("Easter");
        assertThat(Holiday.HALLOWEEN.title()).isEqualTo("Halloween");
        assertThat(Holiday.VALENTINES_DAY.title()).isEqualTo("Valentine's Day");
    }

    @Test
    void theHolidaysRunInCalendarOrder() {
        for (int year : new int[] {1818, 1943, 2024, 2025, 2038}) {
            LocalDate previous = LocalDate.MIN;
            for (Holiday holiday : Holiday.values()) {
                assertThat(holiday.in(year)).as("%s %d", holiday, year).isAfter(previous);
                previous = holiday.in(year);
            }
        }
    }
}
