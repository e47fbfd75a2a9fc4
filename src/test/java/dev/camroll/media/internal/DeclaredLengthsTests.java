package dev.camroll.media.internal;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import dev.camroll.media.MediaSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Lengths a file declares are checked against the bytes present before metadata-extractor allocates them, and every
 * file of the hostile corpus gets, from the analysis's own steps in this JVM, the outcome the service must give it.
 * ({@code HostileCorpusTests} uploads the same corpus to a service in a child JVM and measures its memory.)
 */
class DeclaredLengthsTests {

    private static final long BUDGET =
            MediaAnalysisSettings.defaults().maxMetadataSize().toBytes();

    @TempDir
    Path work;

    @Test
    void aSixtyFourByteQuickTimeWhoseFtypClaimsTwoGigabytesIsUndecodableWithoutAllocatingIt() {
        byte[] file = HostileFiles.quickTimeClaiming();

        assertThatThrownBy(() -> DeclaredLengths.video(new ByteArrayInputStream(file), file.length, BUDGET))
                .isInstanceOfSatisfying(
                        AnalysisException.class, e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.UNDECODABLE))
                .hasMessageContaining("ftyp");
    }

    @Test
    void appleMetadataKeysAndItemsAreCheckedInsideTheirBoxes() throws Exception {
        byte[] good = MediaSamples.movie("qt  ")
                .appleKey("com.apple.quicktime.make", "Apple")
                .bytes();
        byte[] lying = HostileFiles.movWithLyingKey();

        byte[] excerpt = DeclaredLengths.video(new ByteArrayInputStream(good), good.length, BUDGET);
        assertThat(new MetadataReader()
                        .readVideo(new ByteArrayInputStream(excerpt))
                        .cameraMake())
                .isEqualTo("Apple");
        assertThatThrownBy(() -> DeclaredLengths.video(new ByteArrayInputStream(lying), lying.length, BUDGET))
                .isInstanceOfSatisfying(
                        AnalysisException.class, e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.UNDECODABLE))
                .hasMessageContaining("key entry");
    }

    @Test
    void aVideosExcerptKeepsItsMetadataBoxesAndDropsItsMediaData() throws Exception {
        byte[] movie = MediaSamples.movie("mp42")
                .created(Instant.parse("2022-01-01T00:00:00Z"))
                .duration(100, 100)
                .xyz("-22.9519-043.2105/")
                .bytes();
        byte[] withData = MediaSamples.concat(movie, MediaSamples.box("mdat", new byte[100_000]));

        byte[] excerpt = DeclaredLengths.video(new ByteArrayInputStream(withData), withData.length, BUDGET);

        assertThat(excerpt).hasSize(movie.length + 8);
        MediaFacts facts = new MetadataReader().readVideo(new ByteArrayInputStream(excerpt));
        assertThat(facts.location()).isEqualTo(new MediaFacts.GeoPoint(-22.9519, -43.2105));
        assertThat(facts.capturedAt()).isEqualTo(Instant.parse("2022-01-01T00:00:00Z"));
    }

    @Test
    void aPngTextChunkThatInflatesBeyondTheBudgetIsTooLarge() throws Exception {
        byte[] png = MediaSamples.png(MediaSamples.photo(40, 30, 1));
        Path bomb = MediaSamples.write(
                work,
                "bomb.png",
                HostileFiles.withChunk(
                        png,
                        "zTXt",
                        MediaSamples.concat(
                                MediaSamples.ascii("Comment\0"),
                                new byte[] {0},
                                HostileFiles.deflatedZeros(BUDGET + 1))));
        Path fine = MediaSamples.write(
                work,
                "fine.png",
                HostileFiles.withChunk(
                        png,
                        "zTXt",
                        MediaSamples.concat(
                                MediaSamples.ascii("Comment\0"), new byte[] {0}, HostileFiles.deflatedZeros(100_000))));

        assertThatThrownBy(() -> DeclaredLengths.photo(bomb, BUDGET))
                .isInstanceOfSatisfying(
                        AnalysisException.class,
                        e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.IMAGE_TOO_LARGE));
        assertThat(DeclaredLengths.photo(fine, BUDGET)).isNull();
    }

    @Test
    void aWebpIsReadForMetadataFromAnExcerptWithoutItsImageData() throws Exception {
        Path webp = Path.of("src/test/resources/media/marked-lossy.webp");

        byte[] excerpt = DeclaredLengths.photo(webp, BUDGET);

        assertThat(excerpt.length).isLessThanOrEqualTo((int) Files.size(webp));
        MediaFacts facts = new MetadataReader().read(excerpt, webp);
        assertThat(facts.width()).isEqualTo(96);
        assertThat(facts.height()).isEqualTo(64);
    }

    @Test
    void goodPhotosPassWithTheirLengthsAsTheyAre() throws Exception {
        for (HostileFiles.Sample sample : HostileFiles.goodPhotos(2)) {
            Path file = MediaSamples.write(work, sample.name(), sample.content());
            assertThat(DeclaredLengths.photo(file, BUDGET)).as(sample.name()).isNull();
        }
    }

    @Test
    void everyFileOfTheHostileCorpusGetsItsOutcomeFromTheAnalysisSteps() throws Exception {
        MediaAnalysisSettings settings = MediaAnalysisSettings.defaults();
        ImageDecoder decoder = new ImageDecoder(settings);
        HeifConverter heif = new HeifConverter(settings, decoder);
        List<HostileFiles.Sample> samples = HostileFiles.hostile(work);
        for (HostileFiles.Sample sample : samples) {
            if (sample.expected() == HostileFiles.Outcome.REFUSED_AT_UPLOAD) {
                continue; // the upload's content check refuses it; nothing is analysed
            }
            Path file = MediaSamples.write(work, sample.name(), sample.content());
            String outcome;
            try {
                if (sample.kind().equals("video")) {
                    DeclaredLengths.video(Files.newInputStream(file), sample.content().length, BUDGET);
                } else {
                    byte[] excerpt = DeclaredLengths.photo(file, BUDGET);
                    MediaFacts facts = excerpt == null
                            ? new MetadataReader().read(file)
                            : new MetadataReader().read(excerpt, file);
                    Path directory = Files.createTempDirectory(work, "heif");
                    if (sample.mimeType().equals("image/heic")) {
                        heif.decode(file, directory);
                    } else {
                        decoder.decode(file, facts.orientation());
                    }
                }
                outcome = null;
            } catch (AnalysisException e) {
                outcome = e.problem().slug();
            }
            assertThat(outcome).as(sample.name()).isEqualTo(sample.expected().slug());
        }
    }

    @Test
    void anAbandonedDecodeStopsAndOnlyThenFreesItsThread() throws Exception {
        Path big = MediaSamples.write(work, "zeros.png", HostileFiles.zeroPng(8_000, 8_000, 8));
        Path small = MediaSamples.write(work, "small.jpg", MediaSamples.jpeg(MediaSamples.photo(64, 48, 3)));
        ImageDecoder oneThread = new ImageDecoder(100_000_000, 65_535, Duration.ofMillis(100), 1280, 1);

        assertThatThrownBy(() -> oneThread.decode(big, 1))
                .isInstanceOfSatisfying(
                        AnalysisException.class,
                        e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.DECODE_TIMEOUT));
        // The reader is aborted and stops at its next row; until then its thread is not free, so decodes cannot pile
        // up behind abandoned ones. Then the one thread decodes again.
        await().atMost(Duration.ofSeconds(10))
                .ignoreException(IllegalStateException.class)
                .untilAsserted(
                        () -> assertThat(oneThread.decode(small, 1).image().getWidth())
                                .isEqualTo(64));
    }
}
