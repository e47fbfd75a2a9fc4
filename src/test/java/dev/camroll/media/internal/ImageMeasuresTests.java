package dev.camroll.media.internal;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import javax.imageio.ImageIO;

import dev.camroll.media.MediaSamples;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The fingerprint and quality measures the suggestion engine relies on, on generated pictures. */
class ImageMeasuresTests {

    private final BufferedImage photo = MediaSamples.photo(1600, 1200, 42);

    @Test
    void theSamePictureHasTheSameHash() {
        assertThat(ImageMeasures.distance(ImageMeasures.differenceHash(photo), ImageMeasures.differenceHash(photo)))
                .isZero();
        assertThat(ImageMeasures.distance(0b1011L, 0b0110L)).isEqualTo(3);
        assertThat(ImageMeasures.distance(0L, -1L)).isEqualTo(64);
    }

    @Test
    void aReEncodedSmallerCopyIsWithinSixBits() throws IOException {
        BufferedImage copy =
                ImageIO.read(new ByteArrayInputStream(PreviewRenderer.jpeg(PreviewRenderer.fit(photo, 1100), 0.6f)));

        assertThat(ImageMeasures.distance(ImageMeasures.differenceHash(photo), ImageMeasures.differenceHash(copy)))
                .isLessThanOrEqualTo(6);
    }

    @Test
    void differentPicturesAreFarApart() {
        long hash = ImageMeasures.differenceHash(photo);
        for (long seed = 1; seed <= 5; seed++) {
            long other = ImageMeasures.differenceHash(MediaSamples.photo(1600, 1200, seed));
            assertThat(ImageMeasures.distance(hash, other)).as("seed %d", seed).isGreaterThan(16);
        }
    }

    @Test
    void aBlurredCopyIsLessSharp() {
        float[] box = new float[49];
        Arrays.fill(box, 1f / 49);
        BufferedImage blurred = new ConvolveOp(new Kernel(7, 7, box), ConvolveOp.EDGE_NO_OP, null).filter(photo, null);

        double sharp = ImageMeasures.of(photo).sharpness();
        double soft = ImageMeasures.of(blurred).sharpness();

        assertThat(soft).isLessThan(sharp / 2);
        assertThat(ImageMeasures.of(MediaSamples.filled(300, 200, Color.GRAY)).sharpness())
                .isZero();
    }

    @Test
    void sharpnessComparesAcrossSizes() {
        double large = ImageMeasures.of(MediaSamples.photo(2400, 1800, 9)).sharpness();
        double small = ImageMeasures.of(PreviewRenderer.fit(MediaSamples.photo(2400, 1800, 9), 1024))
                .sharpness();

        assertThat(small / large).isBetween(0.5, 2.0);
    }

    @Test
    void brightnessRunsFromBlackToWhite() {
        assertThat(ImageMeasures.of(MediaSamples.filled(64, 64, Color.BLACK)).brightness())
                .isCloseTo(0, within(1e-9));
        assertThat(ImageMeasures.of(MediaSamples.filled(64, 64, new Color(128, 128, 128)))
                        .brightness())
                .isCloseTo(0.5, within(0.01));
        assertThat(ImageMeasures.of(MediaSamples.filled(64, 64, Color.WHITE)).brightness())
                .isCloseTo(1, within(1e-9));
    }

    @Test
    void warmthIsPositiveForOrangeNegativeForBlueAndZeroForGrey() {
        double orange = ImageMeasures.of(MediaSamples.filled(64, 64, new Color(255, 160, 60)))
                .warmth();
        double grey = ImageMeasures.of(MediaSamples.filled(64, 64, Color.GRAY)).warmth();
        double blue = ImageMeasures.of(MediaSamples.filled(64, 64, new Color(90, 140, 230)))
                .warmth();

        assertThat(orange).isGreaterThan(grey).isLessThanOrEqualTo(1);
        assertThat(grey).isCloseTo(0, within(1e-9));
        assertThat(blue).isLessThan(grey).isGreaterThanOrEqualTo(-1);
        assertThat(ImageMeasures.of(MediaSamples.filled(8, 8, Color.RED)).warmth())
                .isCloseTo(1, within(1e-9));
        assertThat(ImageMeasures.of(MediaSamples.filled(8, 8, Color.BLUE)).warmth())
                .isCloseTo(-1, within(1e-9));
    }

    @Test
    void colourfulnessIsZeroForGreyAndGrowsWithColour() {
        double grey = ImageMeasures.of(MediaSamples.filled(64, 64, Color.GRAY)).colourfulness();
        double muted = ImageMeasures.of(MediaSamples.filled(64, 64, new Color(140, 120, 110)))
                .colourfulness();
        double vivid = ImageMeasures.of(MediaSamples.photo(800, 600, 3)).colourfulness();

        assertThat(grey).isCloseTo(0, within(1e-9));
        assertThat(muted).isGreaterThan(grey);
        assertThat(vivid).isGreaterThan(muted);
    }

    @Test
    void tinyImagesAreMeasuredToo() {
        ImageMeasures measures = ImageMeasures.of(MediaSamples.filled(1, 1, Color.WHITE));

        assertThat(measures.brightness()).isCloseTo(1, within(1e-9));
        assertThat(measures.sharpness()).isZero();
    }
}
