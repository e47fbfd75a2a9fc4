package dev.camroll.media.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.stream.Stream;

import dev.camroll.media.MediaSamples;
import dev.camroll.testing.TestFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.camroll.media.MediaSamples.markedUpright;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * HEIC through libheif's tools: {@code heif-enc} makes the files, {@code heif-convert} decodes them. Both come with
 * Debian's {@code libheif-examples}, which .ci/run installs; without it these tests fail rather than skip, so the
 * HEIC path is never silently untested.
 */
class HeifConverterTests {

    @TempDir
    Path dir;

    private final MediaAnalysisSettings settings = MediaAnalysisSettings.defaults();

    private final HeifConverter converter = new HeifConverter(settings, new ImageDecoder(settings));

    @Test
    void aHeicIsDecodedUprightThroughHeifConvert() throws Exception {
        Path heic = heifEnc(MediaSamples.png(markedUpright(320, 240)), "marked.heic");

        ImageDecoder.Decoded decoded = converter.decode(heic, work());

        ImageDecoderTests.assertUpright(decoded.image(), 320, 240);
        assertThat(HeifLayout.read(heic)).contains(new HeifLayout.Primary(320, 240, 0));
    }

    @Test
    void aHeicKeepsTheMetadataOfTheJpegItWasMadeFrom() throws Exception {
        byte[] jpeg = MediaSamples.exif()
                .takenAt("2022:06:21 05:42:10")
                .offsetOriginal("+02:00")
                .camera("Apple", "iPhone 13")
                .into(MediaSamples.jpeg(markedUpright(200, 100)));
        Path heic = heifEnc(jpeg, "exif.heic");

        MediaFacts facts = new MetadataReader().read(heic);

        assertThat(facts.capturedAtLocal()).isEqualTo(LocalDateTime.of(2022, 6, 21, 5, 42, 10));
        assertThat(facts.capturedOffset()).hasToString("+02:00");
        assertThat(facts.cameraModel()).isEqualTo("iPhone 13");
        assertThat(facts.width()).isEqualTo(200);
        assertThat(facts.height()).isEqualTo(100);
        assertThat(facts.orientation()).isEqualTo(1);
    }

    @Test
    void fileNamesReachTheToolAsTheyAreNeverThroughAShell() throws Exception {
        Path heic = heifEnc(MediaSamples.png(markedUpright(64, 48)), "a b;touch pwned;$(touch pwned2)'\".heic");

        assertThat(converter.decode(heic, work()).image().getWidth()).isEqualTo(64);
        assertThat(dir.resolve("pwned")).doesNotExist();
        assertThat(Path.of("pwned")).doesNotExist();
        assertThat(Path.of("pwned2")).doesNotExist();
    }

    @Test
    void withoutHeifConvertTheResultSaysThereIsNoHeicDecoder() throws Exception {
        Path heic = heifEnc(MediaSamples.png(markedUpright(64, 48)), "missing-tool.heic");
        HeifConverter without = new HeifConverter(
                "/nonexistent/heif-convert", Duration.ofSeconds(5), 100_000_000, new ImageDecoder(settings));

        assertThatThrownBy(() -> without.decode(heic, work())).isInstanceOfSatisfying(AnalysisException.class, e -> {
            assertThat(e.problem()).isEqualTo(AnalysisProblem.NO_HEIC_DECODER);
            assertThat(e.getMessage()).contains("heif-convert").contains("/nonexistent/heif-convert");
        });
    }

    @Test
    void garbageFailsAsUndecodableBeforeTheToolRuns() {
        Path garbage = MediaSamples.write(dir, "garbage.heic", TestFiles.random(20_000, 3));

        assertThatThrownBy(() -> converter.decode(garbage, work()))
                .isInstanceOfSatisfying(AnalysisException.class, e -> {
                    assertThat(e.problem()).isEqualTo(AnalysisProblem.UNDECODABLE);
                    assertThat(e.getMessage()).contains("layout");
                });
    }

    @Test
    void heifConvertRunsUnderAMemoryAndCpuLimit() throws Exception {
        Path heic = heifEnc(MediaSamples.png(markedUpright(64, 48)), "limited.heic");
        Path limits = dir.resolve("limits.txt");
        Path spy = dir.resolve("spy-heif-convert");
        Files.writeString(spy, "#!/bin/sh\ncat /proc/self/limits > '" + limits + "'\nexit 1\n");
        Files.setPosixFilePermissions(spy, PosixFilePermissions.fromString("rwx------"));
        HeifConverter limited = new HeifConverter(
                spy.toString(), Duration.ofSeconds(3), 100_000_000, 65_535, 256L << 20, new ImageDecoder(settings));

        assertThatThrownBy(() -> limited.decode(heic, work()))
                .isInstanceOfSatisfying(
                        AnalysisException.class, e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.UNDECODABLE));
        assertThat(Files.readAllLines(limits))
                .anySatisfy(
                        line -> assertThat(line).startsWith("Max address space").contains(String.valueOf(256L << 20)))
                .anySatisfy(line -> assertThat(line).matches("Max cpu time\\s+3\\s+3\\s+seconds\\s*"));
    }

    @Test
    void aTruncatedHeicFailsAsUndecodable() throws Exception {
        byte[] whole = Files.readAllBytes(heifEnc(MediaSamples.png(MediaSamples.photo(400, 300, 2)), "whole.heic"));
        Path cut = MediaSamples.write(dir, "cut.heic", MediaSamples.truncated(whole, 0.6));

        assertThatThrownBy(() -> converter.decode(cut, work()))
                .isInstanceOfSatisfying(
                        AnalysisException.class, e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.UNDECODABLE));
    }

    @Test
    void aHeicClaimingTooManyPixelsIsRefusedBeforeConverting() throws Exception {
        Path heic = heifEnc(MediaSamples.png(markedUpright(200, 100)), "limit.heic");
        HeifConverter strict = new HeifConverter(
                "/nonexistent/heif-convert", Duration.ofSeconds(5), 19_999, new ImageDecoder(settings));

        // The missing tool is never reached: the header's size is checked first.
        assertThatThrownBy(() -> strict.decode(heic, work()))
                .isInstanceOfSatisfying(
                        AnalysisException.class,
                        e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.IMAGE_TOO_LARGE));
    }

    @Test
    void aConversionThatTakesTooLongIsKilled() throws Exception {
        Path heic = heifEnc(MediaSamples.png(markedUpright(64, 48)), "slow.heic");
        Path slowTool = dir.resolve("slow-heif-convert");
        Files.writeString(slowTool, "#!/bin/sh\nexec sleep 30\n");
        Files.setPosixFilePermissions(slowTool, PosixFilePermissions.fromString("rwx------"));
        HeifConverter slow =
                new HeifConverter(slowTool.toString(), Duration.ofMillis(300), 100_000_000, new ImageDecoder(settings));

        long start = System.nanoTime();
        assertThatThrownBy(() -> slow.decode(heic, work()))
                .isInstanceOfSatisfying(
                        AnalysisException.class,
                        e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.DECODE_TIMEOUT));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void theConversionWritesOnlyInTheWorkDirectoryAndLeavesItEmpty() throws Exception {
        Path heic = heifEnc(MediaSamples.png(markedUpright(64, 48)), "clean.heic");

        converter.decode(heic, work());
        assertThatThrownBy(
                        () -> converter.decode(MediaSamples.write(dir, "bad.heic", TestFiles.random(999, 1)), work()))
                .isInstanceOf(AnalysisException.class);

        try (Stream<Path> left = Files.list(work())) {
            assertThat(left).isEmpty();
        }
    }

    /** The work directory the analysis would give: one directory of the test's. */
    private Path work() throws IOException {
        return Files.createDirectories(dir.resolve("work"));
    }

    private Path heifEnc(byte[] source, String name) throws Exception {
        return MediaSamples.heic(dir, source, name);
    }
}
