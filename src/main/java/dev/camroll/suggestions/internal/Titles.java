package dev.camroll.suggestions.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.Locale;

/** Titles as a person would write them: "Saturday afternoon · 14 June 2025", "14-17 June 2025", "Your May 2025". */
final class Titles {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);

    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);

    private static final DateTimeFormatter MONTH_YEAR = DateTimeFormatter.ofPattern("MMMM yyyy", Locale.ENGLISH);

    private Titles() {}

    /** A moment's title: the weekday and part of the day for a moment within one day, else its dates. */
    static String moment(LocalDateTime first, LocalDateTime last) {
        if (first.toLocalDate().equals(last.toLocalDate())) {
            return first.getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.ENGLISH) + " " + partOfDay(first) + " · "
                    + DAY.format(first);
        }
        return dates(first.toLocalDate(), last.toLocalDate());
    }

    /** "14 June 2025", "14-17 June 2025", "30 May - 2 June 2025", "30 December 2024 - 2 January 2025". */
    static String dates(LocalDate from, LocalDate to) {
        if (from.equals(to)) {
            return DAY.format(from);
        }
        if (YearMonth.from(from).equals(YearMonth.from(to))) {
            return from.getDayOfMonth() + "-" + DAY.format(to);
        }
        if (from.getYear() == to.getYear()) {
            return DAY_MONTH.format(from) + " - " + DAY.format(to);
        }
        return DAY.format(from) + " - " + DAY.format(to);
    }

    /** A recap's title: "Your May 2025". */
    static String recap(YearMonth month) {
        return "Your " + MONTH_YEAR.format(month);
    }

    /** "1 photo", "12 photos". */
    static String photos(int count) {
        return count == 1 ? "1 photo" : count + " photos";
    }

    private static String partOfDay(LocalDateTime time) {
        int hour = time.getHour();
        if (hour >= 5 && hour < 12) {
            return "morning";
        }
        if (hour >= 12 && hour < 17) {
            return "afternoon";
        }
        if (hour >= 17 && hour < 21) {
            return "evening";
        }
        return "night";
    }
}
