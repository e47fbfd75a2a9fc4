package dev.camroll.media.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.lang.GeoLocation;
import com.drew.lang.Rational;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifDirectoryBase;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.drew.metadata.exif.ExifSubIFDDirectory;
import com.drew.metadata.exif.GpsDirectory;
import com.drew.metadata.gif.GifHeaderDirectory;
import com.drew.metadata.heif.HeifDirectory;
import com.drew.metadata.jpeg.JpegDirectory;
import com.drew.metadata.mov.QuickTimeDirectory;
import com.drew.metadata.mov.media.QuickTimeVideoDirectory;
import com.drew.metadata.mov.metadata.QuickTimeMetadataDirectory;
import com.drew.metadata.mp4.Mp4Directory;
import com.drew.metadata.mp4.media.Mp4VideoDirectory;
import com.drew.metadata.png.PngDirectory;
import com.drew.metadata.webp.WebpDirectory;
import dev.camroll.media.internal.MediaFacts.GeoPoint;
import org.jspecify.annotations.Nullable;

/**
 * Reads {@link MediaFacts} from a photo (JPEG, HEIC/HEIF, PNG, WebP, GIF) or video (MP4, QuickTime) with
 * metadata-extractor, and never throws: whatever damaged or hostile bytes prevent is named in
 * {@link MediaFacts#problems()}, and everything read before that is kept.
 */
class MetadataReader {

    /** EXIF dates: "2008:10:22 16:28:39"; some writers use dashes, and a few leave the seconds out. */
    private static final DateTimeFormatter EXIF_DATE = new DateTimeFormatterBuilder()
            .appendPattern("yyyy[:][-]MM[:][-]dd")
            .appendLiteral(' ')
            .appendPattern("HH:mm[:ss]")
            .toFormatter();

    /** Apple's com.apple.quicktime.creationdate: "2023-05-01T12:34:56+0200" (ISO 8601, offset with or without colon). */
    private static final DateTimeFormatter APPLE_DATE = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendPattern("[XXX][XX][X]")
            .toFormatter();

    /** ISO 6709 as phones write it: signed decimal degrees, latitude then longitude, optional altitude, "/". */
    private static final Pattern ISO_6709 = Pattern.compile(
            "^\\s*([+-]\\d{1,2}(?:\\.\\d+)?)([+-]\\d{1,3}(?:\\.\\d+)?)([+-]\\d+(?:\\.\\d+)?)?(?:CRS[^/]*)?/?\\s*$");

    /** A QuickTime time of zero (1 January 1904) means the writer did not set it, not a film from 1904. */
    private static final Instant EARLIEST_CREATION = Instant.parse("1970-01-02T00:00:00Z");

    /** Camera names longer than this are hostile or garbage, not a camera. */
    private static final int MAX_NAME_LENGTH = 100;

    /** The facts the file states; never throws. */
    MediaFacts read(Path file) {
        return read(() -> ImageMetadataReader.readMetadata(file.toFile()), file);
    }

    /**
     * The facts a photo states, read from {@code excerpt} (what {@link DeclaredLengths} kept of {@code file}); the HEIF
     * layout is read from the file. Never throws.
     */
    MediaFacts read(byte[] excerpt, Path file) {
        return read(() -> ImageMetadataReader.readMetadata(new ByteArrayInputStream(excerpt), excerpt.length), file);
    }

    /**
     * The facts a video states, read from its stream: the boxes are parsed and the media data skipped (a seek on
     * the filesystem store), so a large video is never copied for its few kilobytes of metadata. Never throws.
     */
    MediaFacts readVideo(InputStream video) {
        return read(() -> ImageMetadataReader.readMetadata(video), null);
    }

    private interface Source {
        Metadata read() throws ImageProcessingException, IOException;
    }

    /** {@code file} is null for a stream, which then must not be HEIF: the HEIF layout is read from the file. */
    private MediaFacts read(Source source, Path file) {
        Metadata metadata;
        try {
            metadata = source.read();
        } catch (ImageProcessingException | IOException | RuntimeException e) {
            return MediaFacts.none("metadata unreadable: " + describe(e));
        } catch (StackOverflowError | OutOfMemoryError e) {
            // Deeply nested boxes or a length field claiming gigabytes: the reader gave up on one recursion or one
            // allocation, which is freed with it; the worker and the other files are unharmed.
            return MediaFacts.none("metadata unreadable: " + describe(e));
        }
        return facts(metadata, file);
    }

    private static MediaFacts facts(Metadata metadata, Path file) {
        List<String> problems = new ArrayList<>();
        for (Directory directory : metadata.getDirectories()) {
            for (String error : directory.getErrors()) {
                problems.add(directory.getName() + ": " + error);
            }
        }
        try {
            return facts(metadata, file, problems);
        } catch (RuntimeException e) {
            // metadata-extractor hands back whatever a damaged file held, typed as the tag says or not.
            problems.add("metadata unusable: " + describe(e));
            return new MediaFacts(null, null, null, 1, null, null, null, null, null, null, null, problems);
        }
    }

    private static MediaFacts facts(Metadata metadata, Path file, List<String> problems) {
        ExifIFD0Directory ifd0 = metadata.getFirstDirectoryOfType(ExifIFD0Directory.class);
        ExifSubIFDDirectory exif = metadata.getFirstDirectoryOfType(ExifSubIFDDirectory.class);
        boolean heif = metadata.containsDirectoryOfType(HeifDirectory.class);
        boolean video = metadata.containsDirectoryOfType(QuickTimeDirectory.class)
                || metadata.containsDirectoryOfType(Mp4Directory.class);

        LocalDateTime local = null;
        ZoneOffset offset = null;
        Instant instant = null;
        if (exif != null) {
            local = exifDate(exif, ExifDirectoryBase.TAG_DATETIME_ORIGINAL, problems);
            int offsetTag = ExifDirectoryBase.TAG_TIME_ZONE_ORIGINAL;
            if (local == null) {
                // CreateDate (DateTimeDigitized) is the capture time for cameras that leave the original out.
                local = exifDate(exif, ExifDirectoryBase.TAG_DATETIME_DIGITIZED, problems);
                offsetTag = ExifDirectoryBase.TAG_TIME_ZONE_DIGITIZED;
            }
            if (local != null) {
                offset = exifOffset(exif, offsetTag, problems);
                if (offset == null) {
                    // OffsetTime belongs to DateTime (the last change), but cameras write the same zone into all three.
                    offset = exifOffset(exif, ExifDirectoryBase.TAG_TIME_ZONE, problems);
                }
            }
        }
        if (local == null && video) {
            OffsetDateTime apple = appleCreationDate(metadata, problems);
            if (apple != null) {
                local = apple.toLocalDateTime();
                offset = apple.getOffset();
            } else {
                instant = containerCreationTime(metadata);
                if (instant != null) {
                    local = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
                }
            }
        }
        if (instant == null && local != null && offset != null) {
            instant = local.toInstant(offset);
        }

        int orientation = 1;
        if (!heif && ifd0 != null && ifd0.containsTag(ExifDirectoryBase.TAG_ORIENTATION)) {
            Integer value = ifd0.getInteger(ExifDirectoryBase.TAG_ORIENTATION);
            if (value != null && value >= 1 && value <= 8) {
                orientation = value;
            } else {
                problems.add("EXIF orientation " + ifd0.getString(ExifDirectoryBase.TAG_ORIENTATION)
                        + " is not 1..8; shown as stored");
            }
        }

        int[] size = storedSize(metadata, exif);
        boolean swap = orientation >= 5 || quarterTurned(metadata, heif, video);
        if (heif && file != null) {
            // The primary item's own properties, not the first size in the file (a tile's, in tiled HEICs).
            HeifLayout.Primary primary = HeifLayout.read(file).orElse(null);
            if (primary != null) {
                size = new int[] {primary.width(), primary.height()};
                swap = primary.quarterTurned();
            }
        }
        Integer width = null;
        Integer height = null;
        if (size != null) {
            width = swap ? size[1] : size[0];
            height = swap ? size[0] : size[1];
        }

        String make = null;
        String model = null;
        if (ifd0 != null) {
            make = name(ifd0.getString(ExifDirectoryBase.TAG_MAKE));
            model = name(ifd0.getString(ExifDirectoryBase.TAG_MODEL));
        }
        QuickTimeMetadataDirectory apple = metadata.getFirstDirectoryOfType(QuickTimeMetadataDirectory.class);
        if (apple != null) {
            make = make != null ? make : name(apple.getString(QuickTimeMetadataDirectory.TAG_MAKE));
            model = model != null ? model : name(apple.getString(QuickTimeMetadataDirectory.TAG_MODEL));
        }

        GeoPoint location = gps(metadata, problems);
        String videoLocation = null;
        Double duration = null;
        if (video) {
            videoLocation =
                    apple == null ? null : name(apple.getString(QuickTimeMetadataDirectory.TAG_LOCATION_ISO6709));
            if (location == null && videoLocation != null) {
                location = iso6709(videoLocation, problems);
            }
            if (location == null) {
                location = mp4Location(metadata.getFirstDirectoryOfType(Mp4Directory.class), problems);
            }
            duration = duration(metadata);
        }
        return new MediaFacts(
                local,
                offset,
                instant,
                orientation,
                width,
                height,
                make,
                model,
                location,
                duration,
                videoLocation,
                problems);
    }

    private static @Nullable LocalDateTime exifDate(Directory exif, int tag, List<String> problems) {
        String text = exif.getString(tag);
        if (text == null || text.isBlank() || text.startsWith("0000")) {
            // "0000:00:00 00:00:00" and blanks are how cameras without a clock say "unknown".
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim().replace("\0", ""), EXIF_DATE);
        } catch (DateTimeParseException e) {
            problems.add(exif.getTagName(tag) + " '" + abbreviate(text) + "' is not a date");
            return null;
        }
    }

    private static ZoneOffset exifOffset(Directory exif, int tag, List<String> problems) {
        String text = exif.getString(tag);
        if (text == null || text.isBlank() || text.trim().startsWith(":")) {
            // "   :  " is the EXIF 2.31 way of writing "unknown".
            return null;
        }
        try {
            return ZoneOffset.of(text.trim().replace("\0", ""));
        } catch (DateTimeException e) {
            problems.add(exif.getTagName(tag) + " '" + abbreviate(text) + "' is not an offset");
            return null;
        }
    }

    private static OffsetDateTime appleCreationDate(Metadata metadata, List<String> problems) {
        for (QuickTimeMetadataDirectory directory : metadata.getDirectoriesOfType(QuickTimeMetadataDirectory.class)) {
            String text = directory.getString(QuickTimeMetadataDirectory.TAG_CREATION_DATE);
            if (text == null || text.isBlank()) {
                continue;
            }
            try {
                return OffsetDateTime.parse(text.trim(), APPLE_DATE);
            } catch (DateTimeParseException e) {
                problems.add("creation date '" + abbreviate(text) + "' is not a date with an offset");
            }
        }
        return null;
    }

    /** The movie header's creation time, which ISO/IEC 14496-12 and QuickTime define as seconds since 1904 in UTC. */
    private static @Nullable Instant containerCreationTime(Metadata metadata) {
        Date date = null;
        QuickTimeDirectory quickTime = metadata.getFirstDirectoryOfType(QuickTimeDirectory.class);
        if (quickTime != null) {
            date = quickTime.getDate(QuickTimeDirectory.TAG_CREATION_TIME);
        }
        Mp4Directory mp4 = metadata.getFirstDirectoryOfType(Mp4Directory.class);
        if (date == null && mp4 != null) {
            date = mp4.getDate(Mp4Directory.TAG_CREATION_TIME);
        }
        if (date == null) {
            return null;
        }
        // The header has whole seconds; anything below comes from the library's own arithmetic.
        Instant instant = date.toInstant().truncatedTo(ChronoUnit.SECONDS);
        return instant.isBefore(EARLIEST_CREATION) ? null : instant;
    }

    private static @Nullable Double duration(Metadata metadata) {
        for (Class<? extends Directory> type : List.of(QuickTimeDirectory.class, Mp4Directory.class)) {
            Directory directory = metadata.getFirstDirectoryOfType(type);
            if (directory == null) {
                continue;
            }
            // Both directories keep the duration in seconds as duration / time scale under the same tag number.
            Rational seconds = directory.getRational(QuickTimeDirectory.TAG_DURATION_SECONDS);
            if (seconds != null && seconds.getDenominator() != 0) {
                double value = seconds.doubleValue();
                if (Double.isFinite(value) && value >= 0) {
                    return value;
                }
            }
        }
        return null;
    }

    /** Width and height of the stored pixels, from the format's own header first, EXIF's copy last. */
    private static int[] storedSize(Metadata metadata, ExifSubIFDDirectory exif) {
        int[] size =
                firstSize(metadata, JpegDirectory.class, JpegDirectory.TAG_IMAGE_WIDTH, JpegDirectory.TAG_IMAGE_HEIGHT);
        size = size != null
                ? size
                : firstSize(metadata, PngDirectory.class, PngDirectory.TAG_IMAGE_WIDTH, PngDirectory.TAG_IMAGE_HEIGHT);
        size = size != null
                ? size
                : firstSize(
                        metadata, WebpDirectory.class, WebpDirectory.TAG_IMAGE_WIDTH, WebpDirectory.TAG_IMAGE_HEIGHT);
        size = size != null
                ? size
                : firstSize(
                        metadata,
                        GifHeaderDirectory.class,
                        GifHeaderDirectory.TAG_IMAGE_WIDTH,
                        GifHeaderDirectory.TAG_IMAGE_HEIGHT);
        size = size != null
                ? size
                : firstSize(
                        metadata, HeifDirectory.class, HeifDirectory.TAG_IMAGE_WIDTH, HeifDirectory.TAG_IMAGE_HEIGHT);
        size = size != null
                ? size
                : firstSize(
                        metadata, Mp4VideoDirectory.class, Mp4VideoDirectory.TAG_WIDTH, Mp4VideoDirectory.TAG_HEIGHT);
        size = size != null
                ? size
                : firstSize(
                        metadata,
                        QuickTimeVideoDirectory.class,
                        QuickTimeVideoDirectory.TAG_WIDTH,
                        QuickTimeVideoDirectory.TAG_HEIGHT);
        if (size == null && exif != null) {
            size = size(exif, ExifDirectoryBase.TAG_EXIF_IMAGE_WIDTH, ExifDirectoryBase.TAG_EXIF_IMAGE_HEIGHT);
        }
        return size;
    }

    private static int[] firstSize(Metadata metadata, Class<? extends Directory> type, int widthTag, int heightTag) {
        for (Directory directory : metadata.getDirectoriesOfType(type)) {
            int[] size = size(directory, widthTag, heightTag);
            if (size != null) {
                return size;
            }
        }
        return null;
    }

    private static int[] size(Directory directory, int widthTag, int heightTag) {
        Integer width = directory.getInteger(widthTag);
        Integer height = directory.getInteger(heightTag);
        return width != null && height != null && width > 0 && height > 0 ? new int[] {width, height} : null;
    }

    /** Whether the container turns the stored pixels by 90 or 270 degrees (HEIF {@code irot}, a video's track matrix). */
    private static boolean quarterTurned(Metadata metadata, boolean heif, boolean video) {
        Integer degrees = null;
        if (heif) {
            HeifDirectory directory = metadata.getFirstDirectoryOfType(HeifDirectory.class);
            degrees = directory.getInteger(HeifDirectory.TAG_IMAGE_ROTATION);
        } else if (video) {
            Directory directory = metadata.getFirstDirectoryOfType(QuickTimeDirectory.class);
            degrees = directory == null ? null : directory.getInteger(QuickTimeDirectory.TAG_ROTATION);
            if (degrees == null) {
                directory = metadata.getFirstDirectoryOfType(Mp4Directory.class);
                degrees = directory == null ? null : directory.getInteger(Mp4Directory.TAG_ROTATION);
            }
        }
        return degrees != null && Math.floorMod(degrees, 180) == 90;
    }

    private static GeoPoint gps(Metadata metadata, List<String> problems) {
        for (GpsDirectory directory : metadata.getDirectoriesOfType(GpsDirectory.class)) {
            GeoLocation location = directory.getGeoLocation();
            if (location == null) {
                continue;
            }
            GeoPoint point = point(location.getLatitude(), location.getLongitude(), "GPS", problems);
            if (point != null) {
                return point;
            }
        }
        return null;
    }

    private static GeoPoint mp4Location(Mp4Directory mp4, List<String> problems) {
        if (mp4 == null) {
            return null;
        }
        Double latitude = mp4.getDoubleObject(Mp4Directory.TAG_LATITUDE);
        Double longitude = mp4.getDoubleObject(Mp4Directory.TAG_LONGITUDE);
        return latitude == null || longitude == null ? null : point(latitude, longitude, "©xyz", problems);
    }

    /** An ISO 6709 location string as phones write it into videos, e.g. "+48.8577+002.2950+035.000/". */
    static GeoPoint iso6709(String text, List<String> problems) {
        Matcher matcher = ISO_6709.matcher(text);
        if (!matcher.matches()) {
            problems.add("video location '" + abbreviate(text) + "' is not ISO 6709 decimal degrees");
            return null;
        }
        return point(
                Double.parseDouble(matcher.group(1)), Double.parseDouble(matcher.group(2)), "video location", problems);
    }

    private static GeoPoint point(double latitude, double longitude, String source, List<String> problems) {
        if (!GeoPoint.valid(latitude, longitude)) {
            problems.add(source + " position " + latitude + ", " + longitude + " is not on earth");
            return null;
        }
        if (latitude == 0 && longitude == 0) {
            // Exactly 0, 0 ("null island") is what receivers without a fix write, not a place anyone was.
            return null;
        }
        return new GeoPoint(latitude, longitude);
    }

    private static String name(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.replace("\0", "").strip();
        if (clean.isEmpty()) {
            return null;
        }
        return clean.length() > MAX_NAME_LENGTH ? clean.substring(0, MAX_NAME_LENGTH) : clean;
    }

    private static String abbreviate(String text) {
        String clean = text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
    }

    private static String describe(Throwable e) {
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + abbreviate(e.getMessage()) + ")");
    }
}
