package dev.camroll.media.internal;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import dev.camroll.media.MediaSamples;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** How {@link ImageDecoder} turns files into upright, preview-sized pixels, and what it refuses. */
class ImageDecoderTests {

    @TempDir
    Path dir;

    private final ImageDecoder decoder = new ImageDecoder(MediaAnalysisSettings.defaults());

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void eachOrientationComesOutUpright(int orientation) throws Exception {
        Path file = write(
                "o" + orientation + ".jpg",
                exif().orientation(orientation).into(jpeg(storedFor(markedUpright(240, 160), orientation))));
        int stated = new MetadataReader().read(file).orientation();

        BufferedImage upright = decoder.decode(file, stated).image();

        assertUpright(upright, 240, 160);
    }

    @Test
    void aLargePhotoIsDecodedScaledInTheDctDomainByLibjpegTurbo() throws Exception {
        assumeTrue(TurboJpeg.installed() != null, "libjpeg-turbo's Java binding is not installed (libturbojpeg-java)");
        Path file = write("12mp.jpg", jpeg(MediaSamples.photo(4032, 3024, 3)));

        ImageDecoder.Decoded decoded = decoder.decode(file, 1);

        // 4032 / 2 = 2016: the largest of 1/2, 1/4, 1/8 that still reaches 1280; then scaled to 1280.
        assertThat(decoded.subsampling()).isEqualTo(2);
        assertThat(decoded.image().getWidth()).isEqualTo(1280);
        assertThat(decoded.image().getHeight()).isEqualTo(960);
    }

    @Test
    void withoutLibjpegTurboALargePhotoIsDecodedSubsampledAndScaledToThePreviewSize() throws Exception {
        Path file = write("12mp.jpg", jpeg(MediaSamples.photo(4032, 3024, 3)));

        ImageDecoder.Decoded decoded = new ImageDecoder(MediaAnalysisSettings.defaults(), null).decode(file, 1);

        // 4032 / 3 = 1344: the largest whole-number subsampling that still reaches 1280; then scaled to 1280.
        assertThat(decoded.subsampling()).isEqualTo(3);
        assertThat(decoded.image().getWidth()).isEqualTo(1280);
        assertThat(decoded.image().getHeight()).isEqualTo(960);
        assertThat(decoded.storedWidth()).isEqualTo(4032);
        assertThat(decoded.storedHeight()).isEqualTo(3024);
    }

    @Test
    void aPhotoStoredOnItsSideIsDisplayedWithWidthAndHeightSwapped() throws Exception {
        Path file = write("turned.jpg", jpeg(storedFor(markedUpright(3000, 2000), 6)));

        ImageDecoder.Decoded decoded = decoder.decode(file, 6);

        assertThat(decoded.storedWidth()).isEqualTo(2000);
        assertThat(decoded.displayedWidth()).isEqualTo(3000);
        assertThat(decoded.displayedHeight()).isEqualTo(2000);
        assertUpright(decoded.image(), 1280, 853);
    }

    @Test
    void aSmallImageIsDecodedWhole() throws Exception {
        ImageDecoder.Decoded decoded = decoder.decode(write("small.png", MediaSamples.png(markedUpright(300, 200))), 1);

        assertThat(decoded.subsampling()).isEqualTo(1);
        assertUpright(decoded.image(), 300, 200);
    }

    @Test
    void pictureWorkOnReusedCanvasesMakesWhatFreshCanvasesMake() throws Exception {
        PreviewRenderer renderer = new PreviewRenderer(MediaAnalysisSettings.defaults());
        // Large, small, turned, then large again: the reused buffers are grown, partly used and reused.
        Path[] files = {
            write("a.jpg", jpeg(MediaSamples.photo(3000, 2000, 1))),
            write("b.jpg", jpeg(MediaSamples.photo(900, 700, 2))),
            write("c.jpg", exif().orientation(6).into(jpeg(MediaSamples.photo(2000, 3000, 3)))),
            write("d.png", MediaSamples.png(MediaSamples.photo(1600, 1200, 4))),
            write("e.jpg", jpeg(MediaSamples.photo(4000, 3000, 5)))
        };
        for (int round = 0; round < 2; round++) {
            for (Path file : files) {
                int orientation = new MetadataReader().read(file).orientation();
                Picture reused = decoder.decode(file, orientation, Picture.madeBy(renderer));
                ImageDecoder.Decoded fresh = decoder.decode(file, orientation);

                assertThat(reused.previews().preview())
                        .as(file.toString())
                        .isEqualTo(renderer.render(fresh.image()).preview());
                assertThat(reused.previews().thumbnail())
                        .isEqualTo(renderer.render(fresh.image()).thumbnail());
                assertThat(reused.measures()).isEqualTo(ImageMeasures.of(fresh.image()));
            }
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 3, 6, 8})
    void withoutLibjpegTurboEachOrientationComesOutUpright(int orientation) throws Exception {
        Path file = write(
                "io" + orientation + ".jpg",
                exif().orientation(orientation).into(jpeg(storedFor(markedUpright(2400, 1600), orientation))));

        BufferedImage upright = new ImageDecoder(MediaAnalysisSettings.defaults(), null)
                .decode(file, orientation)
                .image();

        assertUpright(upright, 1280, 853);
    }

    @Test
    void theDctScaleIsTheLargestReductionThatKeepsTheTarget() {
        assertThat(TurboJpeg.scale(4000, 3000, 1280)).isEqualTo(2);
        assertThat(TurboJpeg.scale(2558, 100, 1280)).isEqualTo(1); // 1279 at 1/2
        assertThat(TurboJpeg.scale(2559, 100, 1280)).isEqualTo(2); // libjpeg rounds 1279.5 up
        assertThat(TurboJpeg.scale(8000, 6000, 1280)).isEqualTo(4);
        assertThat(TurboJpeg.scale(20000, 15000, 1280)).isEqualTo(8);
        assertThat(TurboJpeg.scaled(4001, 2)).isEqualTo(2001);
    }

    @Test
    void aJpegWithAnIccProfileIsLeftToImageIo() {
        byte[] plain = jpeg(markedUpright(64, 48));
        byte[] name = "ICC_PROFILE\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] segment = new byte[4 + name.length + 2];
        segment[0] = (byte) 0xff;
        segment[1] = (byte) 0xe2;
        segment[3] = (byte) (2 + name.length + 2);
        System.arraycopy(name, 0, segment, 4, name.length);
        byte[] withProfile = MediaSamples.concat(
                java.util.Arrays.copyOf(plain, 2), segment, java.util.Arrays.copyOfRange(plain, 2, plain.length));

        assertThat(ImageDecoder.hasIccProfile(plain, plain.length)).isFalse();
        assertThat(ImageDecoder.hasIccProfile(withProfile, withProfile.length)).isTrue();
    }

    @Test
    void subsamplingNeverGoesBelowTheTarget() {
        assertThat(ImageDecoder.subsampling(1280, 960, 1280)).isEqualTo(1);
        assertThat(ImageDecoder.subsampling(2559, 100, 1280)).isEqualTo(1);
        assertThat(ImageDecoder.subsampling(2560, 100, 1280)).isEqualTo(2);
        assertThat(ImageDecoder.subsampling(3000, 8000, 1280)).isEqualTo(6);
        assertThat(8000 / 6).isGreaterThanOrEqualTo(1280);
    }

    @Test
    void aProgressiveJpegIsDecoded() throws Exception {
        Path file = write("progressive.jpg", progressiveJpeg(storedFor(markedUpright(2600, 1800), 6)));

        ImageDecoder.Decoded decoded = decoder.decode(file, 6);

        assertThat(decoded.subsampling()).isEqualTo(2);
        assertUpright(decoded.image(), 1280, 886);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"marked-lossless.webp", "marked-lossy.webp"})
    void aWebPIsDecoded(String sample) throws Exception {
        Path file = write(sample, resource(sample));

        assertUpright(decoder.decode(file, 1).image(), 96, 64);
        assertThat(new MetadataReader().read(file).width()).isEqualTo(96);
        assertThat(new MetadataReader().read(file).height()).isEqualTo(64);
    }

    @Test
    void aGifIsDecoded() throws Exception {
        assertUpright(
                decoder.decode(write("marked.gif", MediaSamples.gif(markedUpright(200, 120))), 1)
                        .image(),
                200,
                120);
    }

    @Test
    void aPngBombFailsAsTooLargeBeforeAnyDecoding() {
        byte[] bomb = MediaSamples.pngClaiming(30_000, 30_000);
        assertThat(bomb.length).isLessThan(100);

        assertThatThrownBy(() -> decoder.decode(write("bomb.png", bomb), 1))
                .isInstanceOfSatisfying(AnalysisException.class, e -> {
                    assertThat(e.problem()).isEqualTo(AnalysisProblem.IMAGE_TOO_LARGE);
                    assertThat(e.getMessage()).contains("30000 x 30000");
                });
    }

    @Test
    void aJpegWhoseHeaderClaimsTooManyPixelsFailsAsTooLarge() {
        byte[] jpeg = jpeg(markedUpright(64, 48));
        claimJpegSize(jpeg, 60_000, 60_000);

        assertThatThrownBy(() -> decoder.decode(write("claims.jpg", jpeg), 1))
                .isInstanceOfSatisfying(
                        AnalysisException.class,
                        e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.IMAGE_TOO_LARGE));
    }

    @Test
    void thePixelLimitIsConfigurable() throws Exception {
        Path file = write("100x100.png", MediaSamples.png(markedUpright(100, 100)));
        ImageDecoder strict = new ImageDecoder(9_999, Duration.ofSeconds(5), 1280);

        assertThatThrownBy(() -> strict.decode(file, 1))
                .isInstanceOfSatisfying(
                        AnalysisException.class,
                        e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.IMAGE_TOO_LARGE));
        assertThat(new ImageDecoder(10_000, Duration.ofSeconds(5), 1280)
                        .decode(file, 1)
                        .image()
                        .getWidth())
                .isEqualTo(100);
    }

    @Test
    void truncatedFilesFailAsUndecodable() {
        byte[] jpeg = jpeg(MediaSamples.photo(800, 600, 5));
        byte[] png = MediaSamples.png(MediaSamples.photo(800, 600, 6));

        for (double fraction : new double[] {0.02, 0.5, 0.9}) {
            assertUndecodable(write("cut.jpg", MediaSamples.truncated(jpeg, fraction)));
            assertUndecodable(write("cut.png", MediaSamples.truncated(png, fraction)));
        }
    }

    @Test
    void garbageFailsAsUndecodable() {
        assertUndecodable(write("random.jpg", TestFiles.random(100_000, 11)));
        assertUndecodable(write("empty.png", new byte[0]));
        assertUndecodable(write("text.gif", "GIF89a, or so it says".getBytes()));
    }

    @Test
    void aDecodeThatTakesTooLongIsAbandoned() {
        Path file = write("slow.png", MediaSamples.png(MediaSamples.photo(3000, 3000, 8)));
        ImageDecoder impatient = new ImageDecoder(100_000_000, Duration.ofMillis(1), 1280);

        assertThatThrownBy(() -> impatient.decode(file, 1))
                .isInstanceOfSatisfying(
                        AnalysisException.class,
                        e -> assertThat(e.problem()).isEqualTo(AnalysisProblem.DECODE_TIMEOUT));
    }

    /** The marker picture upright at the expected size: red top-left, green top-right, blue below. */
    static void assertUpright(BufferedImage image, int width, int height) {
        assertThat(image.getWidth()).as("width").isEqualTo(width);
        assertThat(image.getHeight()).as("height").isEqualTo(height);
        int side = Math.min(width, height) / 4;
        assertColour(image, side / 2, side / 2, MediaSamples.TOP_LEFT, "top left");
        assertColour(image, width - 1 - side / 2, side / 2, MediaSamples.TOP_RIGHT, "top right");
        assertColour(image, side / 2, height - 1 - side / 2, MediaSamples.BACKGROUND, "bottom left");
        assertColour(image, width - 1 - side / 2, height - 1 - side / 2, MediaSamples.BACKGROUND, "bottom right");
    }

    static void assertColour(BufferedImage image, int x, int y, Color expected, String where) {
        Color actual = new Color(image.getRGB(x, y));
        int difference = Math.abs(actual.getRed() - expected.getRed())
                + Math.abs(actual.getGreen() - expected.getGreen())
                + Math.abs(actual.getBlue() - expected.getBlue());
        assertThat(difference)
                .as("%s at (%d, %d) is %s, expected %s", where, x, y, actual, expected)
                .isLessThan(60);
    }

    private void assertUndecodable(Path file) {
        assertThatThrownBy(() -> decoder.decode(file, 1))
                .isInstanceOfSatisfying(
                        AnalysisException.class,
                        e -> assertThat(e.problem()).as(e.getMessage()).isEqualTo(AnalysisProblem.UNDECODABLE));
    }

    /** Rewrites the size in the JPEG's start-of-frame header (SOF0, ITU T.81 B.2.2) without touching the data. */
    private static void claimJpegSize(byte[] jpeg, int width, int height) {
        for (int i = 2; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return;
            }
        }
        throw new IllegalStateException("no SOF0 marker");
    }

    private static byte[] progressiveJpeg(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    private static byte[] resource(String name) throws IOException {
        try (var in = ImageDecoderTests.class.getResourceAsStream("/media/" + name)) {
            assertThat(in).as("test resource media/%s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    private Path write(String name, byte[] bytes) {
        return MediaSamples.write(dir, name, bytes);
    }
}
