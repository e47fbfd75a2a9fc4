package dev.camroll.suggestions.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Titles read like a person wrote them. */
class TitlesTests {

    @Test
    void datesAreWrittenOutWithoutRepeatingWhatTheyShare() {
        assertThat(Titles.dates(LocalDate.of(2025, 6, 14), LocalDate.of(2025, 6, 14)))
                .isEqualTo("14 June 2025");
        assertThat(Titles.dates(LocalDate.of(2025, 6, 14), LocalDate.of(2025, 6, 17)))
                .isEqualTo("14-17 June 2025");
        assertThat(Titles.dates(LocalDate.of(2025, 5, 30), LocalDate.of(2025, 6, 2)))
                .isEqualTo("30 May - 2 June 2025");
        assertThat(Titles.dates(LocalDate.of(2024, 12, 30), LocalDate.of(2025, 1, 2)))
                .isEqualTo("30 December 2024 - 2 January 2025");
    }

    @Test
    void aMomentWithinOneDayIsNamedByItsWeekdayAndPartOfTheDay() {
        assertThat(Titles.moment(LocalDateTime.parse("2025-06-14T08:10"), LocalDateTime.parse("2025-06-14T09:00")))
                .isEqualTo("Saturday morning · 14 June 2025");
        assertThat(Titles.moment(LocalDateTime.parse("2025-06-14T22:10"), LocalDateTime.parse("2025-06-14T23:00")))
                .isEqualTo("Saturday night · 14 June 2025");
        assertThat(Titles.moment(LocalDateTime.parse("2025-06-14T22:10"), LocalDateTime.parse("2025-06-15T01:00")))
                .isEqualTo("14-15 June 2025");
        assertThat(Titles.recap(YearMonth.of(2025, 5))).isEqualTo("Your May 2025");
    }
}
