package dev.camroll.media.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import dev.camroll.media.MediaSamples;
import dev.camroll.media.internal.MediaFacts.GeoPoint;
import dev.camroll.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.camroll.media.MediaSamples.exif;
import static dev.camroll.media.MediaSamples.jpeg;
import static dev.camroll.media.MediaSamples.markedUpright;
import static dev.camroll.media.MediaSamples.storedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** What {@link MetadataReader} makes of real files, hostile ones included. */
class MetadataReaderTests {

    @TempDir
    Path dir;

    private final MetadataReader reader = new MetadataReader();

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void eachOrientationIsReadAndGivesTheSizeAsDisplayed(int orientation) {
        byte[] stored = jpeg(storedFor(markedUpright(120, 80), orientation));

        MediaFacts facts =
                read("o" + orientation + ".jpg", exif().orientation(orientation).into(stored));

        assertThat(facts.orientation()).isEqualTo(orientation);
        assertThat(facts.width()).isEqualTo(120);
        assertThat(facts.height()).isEqualTo(80);
        assertThat(facts.problems()).isEmpty();
    }

    @Test
    void aCaptureTimeWithItsOffsetFixesTheInstant() {
        MediaFacts facts = read(
                "offset.jpg",
                exif().takenAt("2008:10:22 16:28:39").offsetOriginal("+01:00").into(jpeg(markedUpright(64, 48))));

        assertThat(facts.capturedAtLocal()).isEqualTo(LocalDateTime.of(2008, 10, 22, 16, 28, 39));
        assertThat(facts.capturedOffset()).isEqualTo(ZoneOffset.ofHours(1));
        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2008-10-22T15:28:39Z"));
    }

    @Test
    void aCaptureTimeWithoutOffsetIsOnlyTheLocalTimeAndTheInstantIsLeftToTheCaller() {
        MediaFacts facts =
                read("local.jpg", exif().takenAt("2021:07:04 09:15:00").into(jpeg(markedUpright(64, 48))));

        assertThat(facts.capturedAtLocal()).isEqualTo(LocalDateTime.of(2021, 7, 4, 9, 15));
        assertThat(facts.capturedOffset()).isNull();
        assertThat(facts.capturedAt()).isNull();
    }

    @Test
    void offsetTimeStandsInWhenTheOriginalHasNoOffsetOfItsOwn() {
        MediaFacts facts = read(
                "offset-time.jpg",
                exif().takenAt("2021:12:31 23:30:00").offset("-05:00").into(jpeg(markedUpright(64, 48))));

        assertThat(facts.capturedOffset()).isEqualTo(ZoneOffset.ofHours(-5));
        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2022-01-01T04:30:00Z"));
    }

    @Test
    void anOffsetThatIsNoOffsetIsDroppedAndNamed() {
        MediaFacts facts = read(
                "bad-offset.jpg",
                exif().takenAt("2021:12:31 23:30:00").offsetOriginal("+99:00").into(jpeg(markedUpright(64, 48))));

        assertThat(facts.capturedAtLocal()).isEqualTo(LocalDateTime.of(2021, 12, 31, 23, 30));
        assertThat(facts.capturedOffset()).isNull();
        assertThat(facts.capturedAt()).isNull();
        assertThat(facts.problems()).singleElement().asString().contains("+99:00");
    }

    @Test
    void gpsIsSignedDecimalDegrees() {
        MediaFacts sydney = read("sydney.jpg", exif().gps(-33.8568, 151.2153).into(jpeg(markedUpright(64, 48))));
        MediaFacts newYork = read("ny.jpg", exif().gps(40.7128, -74.0060).into(jpeg(markedUpright(64, 48))));

        assertThat(sydney.location().latitude()).isCloseTo(-33.8568, within(1e-4));
        assertThat(sydney.location().longitude()).isCloseTo(151.2153, within(1e-4));
        assertThat(newYork.location().latitude()).isCloseTo(40.7128, within(1e-4));
        assertThat(newYork.location().longitude()).isCloseTo(-74.0060, within(1e-4));
    }

    @Test
    void withoutLocationAnalysisTheLocationIsDropped() {
        MediaFacts facts = read(
                "gps.jpg",
                exif().gps(48.8577, 2.2950).camera("Apple", "iPhone 15").into(jpeg(markedUpright(64, 48))));

        MediaFacts withoutLocation = facts.withoutLocation();

        assertThat(withoutLocation.location()).isNull();
        assertThat(withoutLocation.cameraModel()).isEqualTo("iPhone 15");
    }

    @Test
    void cameraMakeAndModelAreRead() {
        MediaFacts facts = read("camera.jpg", exif().camera("Google", "Pixel 8").into(jpeg(markedUpright(64, 48))));

        assertThat(facts.cameraMake()).isEqualTo("Google");
        assertThat(facts.cameraModel()).isEqualTo("Pixel 8");
    }

    @Test
    void aFileWithoutMetadataHasOnlyItsSize() {
        MediaFacts png = read("plain.png", MediaSamples.png(markedUpright(30, 20)));
        MediaFacts gif = read("plain.gif", MediaSamples.gif(markedUpright(31, 21)));

        assertThat(png).isEqualTo(new MediaFacts(null, null, null, 1, 30, 20, null, null, null, null, null, List.of()));
        assertThat(gif.width()).isEqualTo(31);
        assertThat(gif.height()).isEqualTo(21);
        assertThat(gif.capturedAtLocal()).isNull();
    }

    @Test
    void anOrientationOutside1To8IsShownAsStoredAndNamed() {
        MediaFacts facts = read("o9.jpg", exif().orientation(9).into(jpeg(markedUpright(60, 40))));

        assertThat(facts.orientation()).isEqualTo(1);
        assertThat(facts.width()).isEqualTo(60);
        assertThat(facts.problems()).singleElement().asString().contains("orientation");
    }

    @Test
    void aTruncatedPhotoKeepsTheMetadataBeforeTheCut() {
        byte[] whole = exif().takenAt("2019:05:01 12:00:00")
                .orientation(6)
                .camera("Canon", "EOS R")
                .into(jpeg(MediaSamples.photo(400, 300, 1)));

        MediaFacts facts = read("truncated.jpg", MediaSamples.truncated(whole, 0.5));

        assertThat(facts.capturedAtLocal()).isEqualTo(LocalDateTime.of(2019, 5, 1, 12, 0));
        assertThat(facts.orientation()).isEqualTo(6);
        assertThat(facts.cameraMake()).isEqualTo("Canon");
        assertThat(facts.width()).isEqualTo(300);
    }

    @Test
    void garbageIsATypedResultNeverAnException() {
        MediaFacts random = read("random.bin", TestFiles.random(50_000, 7));
        MediaFacts empty = read("empty.jpg", new byte[0]);
        MediaFacts headerOnly =
                read("header.jpg", new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe1, 0x7f});

        for (MediaFacts facts : List.of(random, empty, headerOnly)) {
            assertThat(facts.complete()).isFalse();
            assertThat(facts.problems()).isNotEmpty();
            assertThat(facts.capturedAtLocal()).isNull();
            assertThat(facts.orientation()).isEqualTo(1);
        }
    }

    @Test
    void anMp4GivesItsCreationTimeInUtcAndItsDuration() {
        byte[] movie = MediaSamples.movie("isom")
                .created(Instant.parse("2023-08-14T17:05:09Z"))
                .duration(5_500, 1000)
                .bytes();

        MediaFacts facts = readVideo("clip.mp4", movie);

        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2023-08-14T17:05:09Z"));
        assertThat(facts.capturedAtLocal()).isEqualTo(LocalDateTime.of(2023, 8, 14, 17, 5, 9));
        assertThat(facts.capturedOffset()).isNull();
        assertThat(facts.durationSeconds()).isCloseTo(5.5, within(1e-9));
    }

    @Test
    void aQuickTimeMovieGivesItsCreationTimeAndDuration() {
        byte[] movie = MediaSamples.movie("qt  ")
                .created(Instant.parse("2020-02-29T23:59:58Z"))
                .duration(1_800, 600)
                .bytes();

        MediaFacts facts = readVideo("clip.mov", movie);

        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2020-02-29T23:59:58Z"));
        assertThat(facts.durationSeconds()).isCloseTo(3.0, within(1e-9));
    }

    @Test
    void anAppleMovieGivesItsLocalCreationTimeWithOffsetAndItsIso6709Location() {
        byte[] movie = MediaSamples.movie("qt  ")
                .created(Instant.parse("2023-05-01T10:34:56Z"))
                .duration(3_000, 600)
                .appleKey("com.apple.quicktime.location.ISO6709", "+48.8577+002.2950+035.000/")
                .appleKey("com.apple.quicktime.creationdate", "2023-05-01T12:34:56+0200")
                .appleKey("com.apple.quicktime.make", "Apple")
                .appleKey("com.apple.quicktime.model", "iPhone 15")
                .bytes();

        MediaFacts facts = readVideo("iphone.mov", movie);

        assertThat(facts.capturedAtLocal()).isEqualTo(LocalDateTime.of(2023, 5, 1, 12, 34, 56));
        assertThat(facts.capturedOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2023-05-01T10:34:56Z"));
        assertThat(facts.videoLocation()).isEqualTo("+48.8577+002.2950+035.000/");
        assertThat(facts.location()).isEqualTo(new GeoPoint(48.8577, 2.2950));
        assertThat(facts.cameraMake()).isEqualTo("Apple");
        assertThat(facts.cameraModel()).isEqualTo("iPhone 15");
        assertThat(facts.withoutLocation().videoLocation()).isNull();
    }

    @Test
    void anMp4UserDataLocationIsRead() {
        byte[] movie = MediaSamples.movie("mp42")
                .created(Instant.parse("2022-01-01T00:00:00Z"))
                .duration(100, 100)
                .xyz("-22.9519-043.2105/")
                .bytes();

        MediaFacts facts = readVideo("android.mp4", movie);

        assertThat(facts.location().latitude()).isCloseTo(-22.9519, within(1e-4));
        assertThat(facts.location().longitude()).isCloseTo(-43.2105, within(1e-4));
    }

    @Test
    void aMovieWithoutACreationTimeHasNone() {
        MediaFacts facts = readVideo(
                "unset.mp4", MediaSamples.movie("isom").duration(1000, 1000).bytes());

        assertThat(facts.capturedAtLocal()).isNull();
        assertThat(facts.capturedAt()).isNull();
        assertThat(facts.durationSeconds()).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void aMovieBoxClaimingGigabytesIsATypedResult() {
        byte[] ftyp = MediaSamples.box(
                "ftyp",
                MediaSamples.concat(MediaSamples.ascii("isom"), MediaSamples.u32(0), MediaSamples.ascii("isom")));
        // moov claims 2 GB and holds an mvhd that claims 1.5 GB; the file has 40 bytes after them.
        byte[] hostile = MediaSamples.concat(
                ftyp,
                MediaSamples.u32(0x7fff_fff0L),
                MediaSamples.ascii("moov"),
                MediaSamples.u32(0x6000_0000L),
                MediaSamples.ascii("mvhd"),
                new byte[40]);

        MediaFacts facts = readVideo("hostile.mp4", hostile);

        assertThat(facts.capturedAt()).isNull();
        assertThat(facts.durationSeconds()).isNull();
    }

    @Test
    void iso6709OutsideTheEarthIsRefused() {
        List<String> problems = new ArrayList<>();

        assertThat(MetadataReader.iso6709("+91.0000+010.0000/", problems)).isNull();
        assertThat(MetadataReader.iso6709("nowhere", problems)).isNull();
        assertThat(MetadataReader.iso6709("-12.5+130.25/", problems)).isEqualTo(new GeoPoint(-12.5, 130.25));
        assertThat(problems).hasSize(2);
    }

    @Test
    void aMovieIsReadFromItsStreamWithoutReadingItsMediaData() throws IOException {
        byte[] movie = MediaSamples.movie("qt  ")
                .created(Instant.parse("2024-12-24T18:00:00Z"))
                .duration(600, 600)
                .bytes();
        // As phones write it: ftyp, then the media data (here 256 MiB, a sparse hole), then moov.
        int ftyp = ByteBuffer.wrap(movie).getInt();
        long mediaData = 256L << 20;
        Path file = dir.resolve("long.mov");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(movie, 0, ftyp));
            channel.write(ByteBuffer.allocate(8)
                    .putInt((int) (8 + mediaData))
                    .put(MediaSamples.ascii("mdat"))
                    .flip());
            channel.write(ByteBuffer.wrap(movie, ftyp, movie.length - ftyp), ftyp + 8 + mediaData);
        }
        long[] read = {0};
        MediaFacts facts;
        try (InputStream in = new FilterInputStream(Files.newInputStream(file)) {
            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                read[0] += Math.max(n, 0);
                return n;
            }
        }) {
            facts = reader.readVideo(in);
        }

        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2024-12-24T18:00:00Z"));
        assertThat(facts.durationSeconds()).isCloseTo(1.0, within(1e-9));
        assertThat(read[0]).as("bytes read of %s", Files.size(file)).isLessThan(1 << 20);
    }

    private MediaFacts read(String name, byte[] bytes) {
        return reader.read(MediaSamples.write(dir, name, bytes));
    }

    private MediaFacts readVideo(String name, byte[] bytes) {
        try (InputStream in = Files.newInputStream(MediaSamples.write(dir, name, bytes))) {
            return reader.readVideo(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
