package dev.camroll.benchmark;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Supplier;

import dev.camroll.media.Shot;

/**
 * A phone's camera roll of about two years, as the {@code media} table holds it once every photo is analysed: what
 * {@code MediaLibrary.shots} reads for the suggestions, and the other columns a processed photo has. Deterministic
 * for a seed, apart from the media ids, which the caller hands out (they must be new for every user).
 * <p>
 * The life it pictures: a person living in Munich who takes a few photos on most weekdays (lunch, the cat, a
 * whiteboard), goes out on most weekends (now and then on a day trip 60 to 150 km away), has a dozen big events (a
 * wedding, birthdays, concerts; 60 to 250 photos in an evening), spends Christmas with their parents in Cologne and
 * travels abroad six times (Lisbon and Porto, Rome and Florence, Crete, New York, Tokyo and Kyoto, Iceland: other
 * time zones, thousands of kilometres away). An outing is a series of scenes a few minutes apart (exponential gaps);
 * about one scene in six is a burst of 2 to 8 near-duplicates (difference hashes 1 to 4 bits apart), and now
 * and then a scene is shot again later (a few bits from the first). Scenes of one outing share some of their hash's
 * bits but differ in 14 to 22, as similar views do. GPS is on for most outings, off for some (indoors, location
 * switched off). Quality measures are spread as a phone's photos spread them: mostly crisp, some shaken, darker at
 * night. About 2 % are images saved from messages: no EXIF time (so the service takes their capture instant in
 * UTC), no position, no camera.
 */
final class CameraRoll {

    /** The first day of the library. */
    static final LocalDate FIRST_DAY = LocalDate.of(2024, 11, 25);

    /** The last day: a Sunday with an outing at home, the latest moment that the update batches join. */
    static final LocalDate LAST_DAY = LocalDate.of(2026, 11, 22);

    /** Photos of the last outing, on {@link #LAST_DAY}, which is not scaled with the rest. */
    private static final int LAST_OUTING_PHOTOS = 40;

    /** The share of images saved from messages, without EXIF. */
    private static final double SAVED_SHARE = 0.02;

    /** The longest pause within an outing: shorter than the service's moment gap (3 h), so an outing stays one. */
    private static final Duration MAX_PAUSE = Duration.ofMinutes(150);

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static final Place HOME = new Place("Munich", 48.1372, 11.5756, BERLIN);

    private static final Place PARENTS = new Place("Cologne", 50.9375, 6.9603, BERLIN);

    private static final List<Place> DAY_TRIPS = List.of(
            new Place("Starnberger See", 47.9990, 11.3400, BERLIN),
            new Place("Garmisch-Partenkirchen", 47.4917, 11.0955, BERLIN),
            new Place("Tegernsee", 47.7126, 11.7580, BERLIN),
            new Place("Augsburg", 48.3705, 10.8978, BERLIN),
            new Place("Salzburg", 47.8095, 13.0550, ZoneId.of("Europe/Vienna")),
            new Place("Nuremberg", 49.4521, 11.0767, BERLIN));

    /** The trips abroad: when, and where (the first half of the days in the first city, the rest in the second). */
    private static final List<Trip> TRIPS = List.of(
            new Trip(
                    LocalDate.of(2025, 3, 8),
                    8,
                    new Place("Lisbon", 38.7223, -9.1393, ZoneId.of("Europe/Lisbon")),
                    new Place("Porto", 41.1579, -8.6291, ZoneId.of("Europe/Lisbon"))),
            new Trip(
                    LocalDate.of(2025, 5, 29),
                    4,
                    new Place("Rome", 41.9028, 12.4964, ZoneId.of("Europe/Rome")),
                    new Place("Florence", 43.7696, 11.2558, ZoneId.of("Europe/Rome"))),
            new Trip(
                    LocalDate.of(2025, 8, 2),
                    15,
                    new Place("Chania", 35.5138, 24.0180, ZoneId.of("Europe/Athens")),
                    new Place("Heraklion", 35.3387, 25.1442, ZoneId.of("Europe/Athens"))),
            new Trip(
                    LocalDate.of(2025, 10, 11),
                    9,
                    new Place("New York", 40.7128, -74.0060, ZoneId.of("America/New_York")),
                    new Place("Boston", 42.3601, -71.0589, ZoneId.of("America/New_York"))),
            new Trip(
                    LocalDate.of(2026, 4, 3),
                    10,
                    new Place("Tokyo", 35.6762, 139.6503, ZoneId.of("Asia/Tokyo")),
                    new Place("Kyoto", 35.0116, 135.7681, ZoneId.of("Asia/Tokyo"))),
            new Trip(
                    LocalDate.of(2026, 7, 18),
                    9,
                    new Place("Reykjavik", 64.1466, -21.9426, ZoneId.of("Atlantic/Reykjavik")),
                    new Place("Vik", 63.4186, -19.0060, ZoneId.of("Atlantic/Reykjavik"))));

    /** Big events at home: a wedding, birthdays, concerts, a festival. */
    private static final List<LocalDate> EVENTS = List.of(
            LocalDate.of(2025, 1, 18),
            LocalDate.of(2025, 4, 26),
            LocalDate.of(2025, 6, 21),
            LocalDate.of(2025, 9, 27),
            LocalDate.of(2025, 11, 8),
            LocalDate.of(2026, 2, 14),
            LocalDate.of(2026, 5, 16),
            LocalDate.of(2026, 6, 27),
            LocalDate.of(2026, 9, 19),
            LocalDate.of(2026, 10, 31));

    private static final HexFormat HEX = HexFormat.of();

    /** A place and its time zone. */
    record Place(String name, double latitude, double longitude, ZoneId zone) {}

    private record Trip(LocalDate first, int days, Place firstCity, Place secondCity) {

        boolean covers(LocalDate day) {
            return !day.isBefore(first) && day.isBefore(first.plusDays(days));
        }
    }

    /**
     * Photos taken on one outing: from {@code start} (the place's wall clock) for about {@code span}, around the place
     * (within {@code radiusKm} of it).
     */
    private record Outing(LocalDateTime start, Duration span, Place place, double radiusKm, int photos) {

        Outing withPhotos(int count) {
            return new Outing(start, span, place, radiusKm, count);
        }
    }

    /**
     * One photo as its media row holds it after analysis.
     *
     * @param takenLocal the camera's wall clock ({@code captured_at_local}); {@code null} for an image without EXIF
     * @param offset the camera's UTC offset ({@code captured_offset}), {@code null} with takenLocal
     * @param takenAt the capture instant ({@code captured_at})
     * @param latitude {@code null} without GPS
     * @param cameraModel {@code null} for an image saved from a message
     * @param nearDuplicate whether it repeats a picture taken just before (a burst's later shots, a scene shot again)
     */
    record Photo(
            UUID mediaId,
            String clientAssetId,
            String mimeType,
            long size,
            String sha256,
            LocalDateTime takenLocal,
            ZoneOffset offset,
            Instant takenAt,
            Double latitude,
            Double longitude,
            int width,
            int height,
            String cameraModel,
            long differenceHash,
            double sharpness,
            double brightness,
            double colourfulness,
            double warmth,
            boolean nearDuplicate) {

        /** The photo as {@code MediaLibrary.shots} reads it: the wall clock, else the capture instant in UTC. */
        Shot shot() {
            LocalDateTime local = takenLocal != null ? takenLocal : LocalDateTime.ofInstant(takenAt, ZoneOffset.UTC);
            return new Shot(
                    mediaId,
                    local,
                    takenAt,
                    latitude,
                    longitude,
                    width,
                    height,
                    differenceHash,
                    sharpness,
                    brightness,
                    colourfulness,
                    warmth);
        }
    }

    private final SplittableRandom random;

    private final Supplier<UUID> ids;

    private final List<Photo> photos = new ArrayList<>();

    private int outings;

    private CameraRoll(long seed, Supplier<UUID> ids) {
        this.random = new SplittableRandom(seed);
        this.ids = ids;
    }

    /** A library of exactly {@code count} photos (at least 100), in capture order, its ids from {@code ids}. */
    static CameraRoll generate(int count, long seed, Supplier<UUID> ids) {
        if (count < 100) {
            throw new IllegalArgumentException("a camera roll of two years has at least 100 photos, not " + count);
        }
        CameraRoll roll = new CameraRoll(seed, ids);
        roll.fill(count);
        return roll;
    }

    /** Every photo so far, in capture order (a batch's photos after the library's). */
    List<Photo> photos() {
        return List.copyOf(photos);
    }

    /** How many outings made the photos (before the batches). */
    int outings() {
        return outings;
    }

    /** How many trips abroad the library has. */
    static int trips() {
        return TRIPS.size();
    }

    /**
     * The next batch a phone syncs: {@code joining} photos that continue the latest outing (from a few minutes after
     * its last photo, at its last place) and {@code count - joining} of a new outing at home the next day, which is
     * then the latest. Answers the batch's photos, which are added to {@link #photos()}.
     */
    List<Photo> nextBatch(int count, int joining) {
        Photo last = photos.get(photos.size() - 1);
        Photo lastPlaced = photos.stream()
                .filter(photo -> photo.latitude() != null && photo.takenLocal() != null)
                .reduce((a, b) -> b)
                .orElseThrow();
        List<Photo> batch = new ArrayList<>();
        if (joining > 0) {
            Place here = new Place("here", lastPlaced.latitude(), lastPlaced.longitude(), zoneOf(lastPlaced));
            LocalDateTime start = last.takenLocal().plusMinutes(4 + random.nextInt(8));
            shots(new Outing(start, Duration.ofMinutes(45), here, 0.3, joining), true, batch);
        }
        if (count > joining) {
            LocalDateTime start = batch.isEmpty()
                    ? last.takenLocal()
                    : batch.get(batch.size() - 1).takenLocal();
            LocalDateTime nextDay = start.toLocalDate().plusDays(1).atTime(10 + random.nextInt(4), random.nextInt(60));
            shots(
                    new Outing(nextDay, Duration.ofMinutes(60 + random.nextInt(90)), HOME, 6, count - joining),
                    true,
                    batch);
        }
        List<Photo> identified =
                batch.stream().map(photo -> withId(photo, ids.get())).toList();
        photos.addAll(identified);
        return identified;
    }

    // ------------------------------------------------------------------ the library

    private void fill(int count) {
        List<Outing> planned = plan();
        Outing last = new Outing(LAST_DAY.atTime(14, 10), Duration.ofMinutes(150), HOME, 4, LAST_OUTING_PHOTOS);
        int saved = (int) Math.round(count * SAVED_SHARE);
        List<Outing> scaled = scale(planned, count - saved - LAST_OUTING_PHOTOS);
        scaled.add(last);
        outings = scaled.size();
        List<Photo> made = new ArrayList<>();
        for (Outing outing : scaled) {
            shots(outing, false, made);
        }
        long firstSecond = FIRST_DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        long lastSecond = LAST_DAY.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
        for (int i = 0; i < saved; i++) {
            made.add(savedImage(Instant.ofEpochSecond(
                    firstSecond + random.nextLong(lastSecond - firstSecond), random.nextInt(1000) * 1_000_000)));
        }
        made.sort(Comparator.comparing(Photo::takenAt));
        // Ids in capture order, as a first sync that uploads the oldest first hands them out.
        for (Photo photo : made) {
            photos.add(withId(photo, ids.get()));
        }
    }

    /** Every outing of the two years, with its photos before scaling (about 10,000 in all). */
    private List<Outing> plan() {
        List<Outing> plan = new ArrayList<>();
        for (LocalDate day = FIRST_DAY; day.isBefore(LAST_DAY); day = day.plusDays(1)) {
            LocalDate today = day;
            Trip trip = TRIPS.stream().filter(t -> t.covers(today)).findFirst().orElse(null);
            if (trip != null) {
                tripDay(trip, day, plan);
            } else if (EVENTS.contains(day)) {
                boolean concert = random.nextBoolean();
                plan.add(new Outing(
                        day.atTime(concert ? 19 : 15, random.nextInt(60)),
                        Duration.ofMinutes(180 + random.nextInt(180)),
                        HOME,
                        8,
                        logUniform(60, 250)));
            } else if (day.getMonthValue() == 12 && day.getDayOfMonth() >= 23 && day.getDayOfMonth() <= 26) {
                christmas(day, plan);
            } else if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                weekend(day, plan);
            } else {
                weekday(day, plan);
            }
        }
        return plan;
    }

    private void weekday(LocalDate day, List<Outing> plan) {
        if (random.nextDouble() < 0.4) {
            plan.add(new Outing(
                    day.atTime(7 + random.nextInt(13), random.nextInt(60)),
                    Duration.ofMinutes(5 + random.nextInt(35)),
                    HOME,
                    10,
                    logUniform(1, 7)));
        }
        if (random.nextDouble() < 0.1) {
            plan.add(new Outing(
                    day.atTime(20, random.nextInt(60)),
                    Duration.ofMinutes(30 + random.nextInt(90)),
                    HOME,
                    10,
                    logUniform(2, 10)));
        }
    }

    private void weekend(LocalDate day, List<Outing> plan) {
        LocalDateTime free = day.atTime(9, 0);
        if (random.nextDouble() < 0.65) {
            Outing outing = random.nextDouble() < 0.2
                    ? new Outing(
                            day.atTime(9 + random.nextInt(2), random.nextInt(60)),
                            Duration.ofMinutes(300 + random.nextInt(180)),
                            DAY_TRIPS.get(random.nextInt(DAY_TRIPS.size())),
                            5,
                            logUniform(20, 80))
                    : new Outing(
                            day.atTime(10 + random.nextInt(5), random.nextInt(60)),
                            Duration.ofMinutes(60 + random.nextInt(180)),
                            HOME,
                            8,
                            logUniform(5, 35));
            plan.add(outing);
            free = outing.start().plus(outing.span()).plusMinutes(30);
        }
        if (random.nextDouble() < 0.3) {
            LocalDateTime evening = day.atTime(19, random.nextInt(60));
            plan.add(new Outing(
                    evening.isAfter(free) ? evening : free,
                    Duration.ofMinutes(30 + random.nextInt(90)),
                    HOME,
                    8,
                    logUniform(2, 12)));
        }
    }

    private void tripDay(Trip trip, LocalDate day, List<Outing> plan) {
        long index = ChronoUnit.DAYS.between(trip.first(), day);
        Place city = index < trip.days() / 2 ? trip.firstCity() : trip.secondCity();
        if (index == 0 || index == trip.days() - 1) {
            // Travel days: a few photos at the airport or on arrival.
            plan.add(new Outing(
                    day.atTime(12 + random.nextInt(6), random.nextInt(60)),
                    Duration.ofMinutes(60),
                    city,
                    6,
                    logUniform(3, 10)));
            return;
        }
        // Morning, afternoon and evening; on about half the days one of them is left out.
        int[][] slots = {{9, 0, 90, 180}, {13, 30, 90, 210}, {19, 0, 60, 150}};
        int skipped = random.nextBoolean() ? -1 : random.nextInt(slots.length);
        for (int s = 0; s < slots.length; s++) {
            if (s == skipped) {
                continue;
            }
            int[] slot = slots[s];
            plan.add(new Outing(
                    day.atTime(slot[0], slot[1] + random.nextInt(30)),
                    Duration.ofMinutes(slot[2] + random.nextInt(slot[3] - slot[2])),
                    city,
                    4,
                    logUniform(8, 50)));
        }
    }

    private void christmas(LocalDate day, List<Outing> plan) {
        if (day.getDayOfMonth() == 24) {
            plan.add(new Outing(
                    day.atTime(15, random.nextInt(30)), Duration.ofMinutes(120), PARENTS, 2, logUniform(15, 60)));
            plan.add(new Outing(
                    day.atTime(19, random.nextInt(30)), Duration.ofMinutes(150), PARENTS, 1, logUniform(15, 60)));
        } else {
            plan.add(new Outing(
                    day.atTime(11 + random.nextInt(5), random.nextInt(60)),
                    Duration.ofMinutes(90),
                    PARENTS,
                    5,
                    logUniform(5, 25)));
        }
    }

    /**
     * The outings with their photos scaled to {@code total} in all. Each keeps at least one, unless there are more
     * outings than photos to give: then outings of one photo are left out, at random, as a lighter user has fewer.
     */
    private List<Outing> scale(List<Outing> planned, int total) {
        int sum = planned.stream().mapToInt(Outing::photos).sum();
        List<Outing> scaled = new ArrayList<>();
        int given = 0;
        for (Outing outing : planned) {
            int photos = Math.max(1, (int) Math.round(outing.photos() * (double) total / sum));
            scaled.add(outing.withPhotos(photos));
            given += photos;
        }
        // Rounding leaves a few too many or too few: take them from (or give them to) outings at random.
        while (given != total) {
            int i = random.nextInt(scaled.size());
            Outing outing = scaled.get(i);
            if (given < total) {
                scaled.set(i, outing.withPhotos(outing.photos() + 1));
                given++;
            } else if (outing.photos() > 1) {
                scaled.set(i, outing.withPhotos(outing.photos() - 1));
                given--;
            } else if (scaled.stream().allMatch(o -> o.photos() == 1)) {
                scaled.remove(i);
                given--;
            }
        }
        return scaled;
    }

    // ------------------------------------------------------------------ the photos of an outing

    /**
     * The outing's photos: scenes a few minutes apart, a quarter of them bursts of near-duplicates, some shot again
     * later; a position that walks around the place (or none, for the outings without GPS).
     */
    private void shots(Outing outing, boolean alwaysGps, List<Photo> into) {
        double gps = alwaysGps ? 1 : random.nextDouble() < 0.9 ? 1 : random.nextDouble() < 0.6 ? 0 : 0.5;
        double radians = random.nextDouble() * 2 * Math.PI;
        double distance = Math.sqrt(random.nextDouble()) * outing.radiusKm();
        double latitude = outing.place().latitude() + distance * Math.cos(radians) / 111.2;
        double longitude = outing.place().longitude()
                + distance
                        * Math.sin(radians)
                        / (111.2 * Math.cos(Math.toRadians(outing.place().latitude())));
        long base = random.nextLong();
        List<Long> scenes = new ArrayList<>();
        // Mean pause so that the outing's scenes fill its span: about 0.8 scenes per photo.
        double meanPauseSeconds = outing.span().toSeconds() / Math.max(1.0, outing.photos() * 0.8);
        LocalDateTime time = outing.start();
        int made = 0;
        while (made < outing.photos()) {
            if (made > 0) {
                long pause = Math.round(-Math.log(1 - random.nextDouble()) * meanPauseSeconds);
                time = time.plusSeconds(Math.min(MAX_PAUSE.toSeconds(), Math.max(5, pause)));
            }
            // Milliseconds, as a phone records them (and as the database keeps them exactly).
            time = time.plusNanos(random.nextInt(1000) * 1_000_000L);
            long hash;
            int burst;
            if (!scenes.isEmpty() && random.nextDouble() < 0.07) {
                // The same view again, later: near an earlier scene, not next to it.
                hash = scenes.get(random.nextInt(scenes.size())) ^ mask(1 + random.nextInt(5));
                burst = 1;
            } else {
                hash = base ^ mask(14 + random.nextInt(9));
                scenes.add(hash);
                burst = random.nextDouble() < 0.83 ? 1 : Math.min(8, 2 + geometric(0.5));
            }
            int[] size = dimensions();
            latitude += random.nextGaussian() * 0.0012;
            longitude += random.nextGaussian() * 0.0012 / Math.cos(Math.toRadians(latitude));
            boolean placed = random.nextDouble() < gps;
            for (int b = 0; b < burst && made < outing.photos(); b++, made++) {
                LocalDateTime taken = time;
                long shotHash = b == 0 ? hash : hash ^ mask(1 + random.nextInt(4));
                boolean again = b > 0 || !scenes.contains(hash);
                into.add(cameraPhoto(
                        taken,
                        outing.place().zone(),
                        placed ? latitude + random.nextGaussian() * 0.00004 : null,
                        placed ? longitude + random.nextGaussian() * 0.00004 : null,
                        size,
                        shotHash,
                        again));
                time = time.plusNanos((400 + random.nextInt(2100)) * 1_000_000L);
            }
        }
    }

    private Photo cameraPhoto(
            LocalDateTime taken,
            ZoneId zone,
            Double latitude,
            Double longitude,
            int[] size,
            long hash,
            boolean nearDuplicate) {
        ZoneOffset offset = zone.getRules().getOffset(taken);
        int hour = taken.getHour();
        boolean night = hour >= 20 || hour < 6;
        double sharpness = random.nextDouble() < 0.07
                ? Math.exp(Math.log(25) + random.nextGaussian() * 0.7)
                : Math.exp(Math.log(320) + random.nextGaussian() * 0.85);
        double brightness = night ? 0.28 + random.nextGaussian() * 0.1 : 0.52 + random.nextGaussian() * 0.12;
        double colourfulness = (night ? 30 : 45) + random.nextGaussian() * 16;
        double warmth = (night ? 0.08 : 0.04) + random.nextGaussian() * 0.07;
        boolean panorama = size[0] > 4032;
        long bytes = panorama ? 6_000_000 + random.nextInt(6_000_000) : 1_200_000 + random.nextInt(2_800_000);
        String model = taken.toLocalDate().isBefore(LocalDate.of(2025, 9, 20)) ? "iPhone 13 Pro" : "iPhone 16 Pro";
        return new Photo(
                null,
                clientAssetId(),
                "image/heic",
                bytes,
                sha256(),
                taken,
                offset,
                taken.toInstant(offset),
                latitude,
                longitude,
                size[0],
                size[1],
                model,
                hash,
                clamp(sharpness, 1, 9000),
                clamp(brightness, 0.02, 0.98),
                clamp(colourfulness, 1, 170),
                clamp(warmth, -0.5, 0.5),
                nearDuplicate);
    }

    /** An image saved from a message: no EXIF, so no wall clock, offset, position or camera; a smaller JPEG. */
    private Photo savedImage(Instant at) {
        boolean portrait = random.nextBoolean();
        return new Photo(
                null,
                clientAssetId(),
                "image/jpeg",
                120_000 + random.nextInt(500_000),
                sha256(),
                null,
                null,
                at,
                null,
                null,
                portrait ? 1200 : 1600,
                portrait ? 1600 : 1200,
                null,
                random.nextLong(),
                clamp(Math.exp(Math.log(90) + random.nextGaussian() * 0.8), 1, 9000),
                clamp(0.5 + random.nextGaussian() * 0.15, 0.02, 0.98),
                clamp(40 + random.nextGaussian() * 20, 1, 170),
                clamp(random.nextGaussian() * 0.06, -0.5, 0.5),
                false);
    }

    private static Photo withId(Photo p, UUID id) {
        return new Photo(
                id,
                p.clientAssetId(),
                p.mimeType(),
                p.size(),
                p.sha256(),
                p.takenLocal(),
                p.offset(),
                p.takenAt(),
                p.latitude(),
                p.longitude(),
                p.width(),
                p.height(),
                p.cameraModel(),
                p.differenceHash(),
                p.sharpness(),
                p.brightness(),
                p.colourfulness(),
                p.warmth(),
                p.nearDuplicate());
    }

    /** A phone's shapes: mostly 4:3 landscape, many portraits, some 16:9, square and panoramas. */
    private int[] dimensions() {
        double r = random.nextDouble();
        if (r < 0.62) {
            return new int[] {4032, 3024};
        }
        if (r < 0.90) {
            return new int[] {3024, 4032};
        }
        if (r < 0.94) {
            return new int[] {4032, 2268};
        }
        if (r < 0.97) {
            return new int[] {3024, 3024};
        }
        return new int[] {8000 + random.nextInt(8000), 3024};
    }

    /** A 64-bit mask with {@code bits} bits set, at random places. */
    private long mask(int bits) {
        long mask = 0;
        while (Long.bitCount(mask) < bits) {
            mask |= 1L << random.nextInt(64);
        }
        return mask;
    }

    /** Failures before the first success, each try succeeding with probability {@code p}. */
    private int geometric(double p) {
        int failures = 0;
        while (random.nextDouble() >= p) {
            failures++;
        }
        return failures;
    }

    /** A whole number from {@code low} to {@code high}, small ones more often (uniform in the logarithm). */
    private int logUniform(int low, int high) {
        return (int) Math.round(Math.exp(Math.log(low) + random.nextDouble() * (Math.log(high) - Math.log(low))));
    }

    /** An iOS local identifier, as the app sends it. */
    private String clientAssetId() {
        return new UUID(random.nextLong(), random.nextLong()).toString().toUpperCase() + "/L0/001";
    }

    private String sha256() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return HEX.formatHex(bytes);
    }

    private static ZoneId zoneOf(Photo photo) {
        return photo.offset() == null ? ZoneOffset.UTC : photo.offset();
    }

    private static double clamp(double value, double low, double high) {
        return Math.max(low, Math.min(high, value));
    }
}
