package dev.camroll.suggestions.internal;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Sunrise and sunset at a position on the Earth, for the {@code golden_hour} theme, by the NOAA method: the
 * algorithm of the NOAA Solar Calculator spreadsheet (NOAA Global Monitoring Laboratory, after Jean Meeus,
 * <i>Astronomical Algorithms</i>). From the Julian century it takes the sun's geometric mean longitude and anomaly,
 * the equation of centre, the apparent longitude, the corrected obliquity of the ecliptic, and from those the sun's
 * declination and the equation of time; sunrise and sunset are when the sun's centre is at the zenith angle
 * {@value #ZENITH} degrees, 50 arc minutes below the geometric horizon for atmospheric refraction and the sun's
 * radius, so that they are the moments the upper edge of the disc touches a flat, sea-level horizon.
 *
 * <p>Accuracy: NOAA gives the results as theoretically within a minute for latitudes between +72 and -72 degrees,
 * and within ten minutes beyond. What one sees differs more: refraction varies with the weather, and hills or the
 * observer's altitude move the moment by minutes, none of which matters to a 45-minute golden hour. The spreadsheet
 * holds only for 1901 to 2099 because of its Julian day shortcut; the Julian day here is exact from the date, and
 * the solar series (Meeus's low-accuracy ones, fitted around 2000) serve any date a photo carries.
 *
 * <p>Latitudes are degrees north (negative south), longitudes degrees east (negative west), as in the NOAA
 * spreadsheet and in EXIF GPS tags once their reference letters are applied.
 */
final class SolarTimes {

    /** The sun's zenith angle at sunrise and sunset, in degrees: 90 plus 34' of refraction plus 16' of radius. */
    static final double ZENITH = 90.833;

    /** The longest window {@link #isGoldenHour} answers for: the events of three days cover it. */
    static final Duration MAX_WINDOW = Duration.ofHours(12);

    private static final double J1970 = 2440587.5; // Julian day of 1970-01-01T00:00Z

    private static final double J2000 = 2451545.0; // Julian day of 2000-01-01T12:00 (the epoch J2000.0)

    private static final int SUNRISE = -1;

    private static final int SUNSET = 1;

    private SolarTimes() {}

    /**
     * The sunrise at a position on a day, or empty when the sun does not rise that day (polar night, or polar day
     * when it never sets).
     *
     * @param date the day at the position in local mean solar time (UTC plus 4 minutes per degree of east
     *     longitude, {@link #localSolarDate}): the sunrise is the one before the sun's transit at noon of that day.
     *     That is the civil date of the event wherever the time zone is within a few hours of the longitude's mean
     *     time and the sun rises clear of midnight, which is everywhere people live but at high latitudes around
     *     midsummer and across the date line (Kiritimati keeps UTC+14 at 157 degrees west, a day ahead)
     * @param latitude degrees north, -90 to 90
     * @param longitude degrees east, -180 to 180
     */
    static Optional<Instant> sunrise(LocalDate date, double latitude, double longitude) {
        return event(date, latitude, longitude, SUNRISE);
    }

    /**
     * The sunset at a position on a day, or empty when the sun does not set that day (polar day, or polar night
     * when it never rises).
     *
     * @param date the day at the position in local mean solar time, as for {@link #sunrise}: the sunset is the one
     *     after the sun's transit at noon of that day
     * @param latitude degrees north, -90 to 90
     * @param longitude degrees east, -180 to 180
     */
    static Optional<Instant> sunset(LocalDate date, double latitude, double longitude) {
        return event(date, latitude, longitude, SUNSET);
    }

    /**
     * Whether a moment is within {@code window} of a sunrise or a sunset at a position, before or after it. The
     * sunrises and sunsets of the moment's own day and of the days either side are all looked at, so an event on
     * the other side of midnight, in local or in UTC time, counts as well. In polar day or night, when there is no
     * event near, this is false.
     *
     * @param window how far from the event, 0 to {@link #MAX_WINDOW} (the suggestion engine uses 45 minutes)
     * @throws IllegalArgumentException when the window is negative or longer than {@link #MAX_WINDOW}
     */
    static boolean isGoldenHour(Instant when, double latitude, double longitude, Duration window) {
        if (window.isNegative() || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window must be 0 to " + MAX_WINDOW + ": " + window);
        }
        // A day's events fall within about half a day of its noon, so three days hold every event within 12 hours.
        LocalDate day = localSolarDate(when, longitude);
        for (LocalDate date = day.minusDays(1); !date.isAfter(day.plusDays(1)); date = date.plusDays(1)) {
            for (int direction : new int[] {SUNRISE, SUNSET}) {
                Optional<Instant> event = event(date, latitude, longitude, direction);
                if (event.isPresent()
                        && Duration.between(event.get(), when).abs().compareTo(window) <= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The date in local mean solar time at a longitude, the day {@link #sunrise} and {@link #sunset} take. */
    static LocalDate localSolarDate(Instant when, double longitude) {
        long seconds = when.getEpochSecond() + Math.round(longitude * 240); // 4 minutes per degree
        return LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
    }

    /**
     * The sunrise ({@code direction} -1) or sunset (+1) of a day. The spreadsheet takes the sun's position at one
     * time of the day for both events; here it is taken at noon and then again at the event found, twice, since
     * the declination moves by up to 0.4 degrees a day around the equinoxes. At London's latitude that changes the
     * answer by up to 40 seconds, and by minutes towards the polar circles, where the sun skims the horizon.
     */
    private static Optional<Instant> event(LocalDate date, double latitude, double longitude, int direction) {
        checkPosition(latitude, longitude);
        double midnight = J1970 + date.toEpochDay(); // 00:00 UTC of the date, as a Julian day
        double meanNoon = 720 - 4 * longitude; // minutes after midnight UTC: local mean noon
        double minutes = meanNoon;
        for (int i = 0; i < 3; i++) {
            Sun sun = Sun.at(midnight + minutes / 1440);
            double cosHourAngle =
                    Math.cos(Math.toRadians(ZENITH)) / (Math.cos(Math.toRadians(latitude)) * Math.cos(sun.declination))
                            - Math.tan(Math.toRadians(latitude)) * Math.tan(sun.declination);
            if (cosHourAngle > 1 || cosHourAngle < -1) {
                return Optional.empty(); // above 1 the sun stays below the horizon, below -1 above it
            }
            double hourAngle = Math.toDegrees(Math.acos(cosHourAngle));
            minutes = meanNoon - sun.equationOfTime + direction * 4 * hourAngle;
        }
        return Optional.of(Instant.ofEpochSecond(date.toEpochDay() * 86_400 + Math.round(minutes * 60)));
    }

    private static void checkPosition(double latitude, double longitude) {
        // Written so NaN fails too.
        if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
            throw new IllegalArgumentException("not a position: " + latitude + ", " + longitude);
        }
    }

    /**
     * The sun's declination (radians) and the equation of time (minutes, apparent minus mean solar time) at a
     * Julian day, by the columns of the NOAA spreadsheet. The Julian day is taken in UTC for terrestrial time: the
     * 69 or so seconds between them move the sun by far less than the method's error.
     */
    private record Sun(double declination, double equationOfTime) {

        static Sun at(double julianDay) {
            double t = (julianDay - J2000) / 36525; // Julian centuries since J2000.0
            double meanLongitude = Math.toRadians((280.46646 + t * (36000.76983 + t * 0.0003032)) % 360);
            double meanAnomaly = Math.toRadians(357.52911 + t * (35999.05029 - 0.0001537 * t));
            double eccentricity = 0.016708634 - t * (0.000042037 + 0.0000001267 * t);
            double centre = Math.sin(meanAnomaly) * (1.914602 - t * (0.004817 + 0.000014 * t))
                    + Math.sin(2 * meanAnomaly) * (0.019993 - 0.000101 * t)
                    + Math.sin(3 * meanAnomaly) * 0.000289;
            double trueLongitude = Math.toDegrees(meanLongitude) + centre;
            // Nutation and aberration, through the longitude of the moon's ascending node.
            double node = Math.toRadians(125.04 - 1934.136 * t);
            double apparentLongitude = Math.toRadians(trueLongitude - 0.00569 - 0.00478 * Math.sin(node));
            double meanObliquity = 23 + (26 + (21.448 - t * (46.815 + t * (0.00059 - t * 0.001813))) / 60) / 60;
            double obliquity = Math.toRadians(meanObliquity + 0.00256 * Math.cos(node));
            double declination = Math.asin(Math.sin(obliquity) * Math.sin(apparentLongitude));
            double y = Math.pow(Math.tan(obliquity / 2), 2);
            double equationOfTime = 4
                    * Math.toDegrees(y * Math.sin(2 * meanLongitude)
                            - 2 * eccentricity * Math.sin(meanAnomaly)
                            + 4 * eccentricity * y * Math.sin(meanAnomaly) * Math.cos(2 * meanLongitude)
                            - 0.5 * y * y * Math.sin(4 * meanLongitude)
                            - 1.25 * eccentricity * eccentricity * Math.sin(2 * meanAnomaly));
            return new Sun(declination, equationOfTime);
        }
    }
}
