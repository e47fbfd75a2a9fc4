package dev.camroll.media.internal;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import dev.camroll.media.MediaSamples;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static dev.camroll.media.MediaSamples.exif;
import static dev.camroll.media.MediaSamples.jpeg;
import static dev.camroll.media.MediaSamples.storedFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The preview of a 12 MP photo against a full decode of the same file, turned upright and scaled by the JDK's area
 * averaging: their structural similarity (SSIM, on luma; 1 is identical, a preview turned the wrong way scores 0).
 * Measured 2026-12-07 on these two photos: the decoder before libjpeg-turbo (ImageIO's point subsampling by 3, then
 * Java2D's bilinear steps) reached 0.8005 and 0.8011, because point sampling aliases the grain a photo has; ImageIO
 * with area averaging 0.8052 and 0.8058; libjpeg-turbo at 1/2 in the DCT domain with area averaging 0.9548 and
 * 0.9550. Neither path may fall below the decoder before.
 */
class PreviewQualityTests {

    /** The decoder before scored 0.8005 and 0.8011: no path may be worse. */
    static final double BEFORE = 0.80;

    /** libjpeg-turbo's path scores 0.955: a drop below this says its scaling or resampling lost detail. */
    static final double WITH_TURBO = 0.93;

    @TempDir
    static Path dir;

    private static Path upright;

    private static Path turned;

    private final MediaAnalysisSettings settings = MediaAnalysisSettings.defaults();

    @BeforeAll
    static void photos() {
        upright = MediaSamples.write(
                dir, "upright.jpg", exif().orientation(1).into(jpeg(MediaSamples.photo(4000, 3000, 11))));
        // Stored on its side as a phone held upright writes it, and shown a quarter turn clockwise.
        turned = MediaSamples.write(
                dir, "turned.jpg", exif().orientation(6).into(jpeg(storedFor(MediaSamples.photo(4000, 3000, 12), 6))));
    }

    @Test
    void previewsFromLibjpegTurboAreCloserToAFullDecodeThanBefore() throws Exception {
        assumeTrue(TurboJpeg.installed() != null, "libjpeg-turbo's Java binding is not installed (libturbojpeg-java)");
        assertFaithful(TurboJpeg.installed(), WITH_TURBO);
    }

    @Test
    void previewsFromImageIoAloneAreNoFurtherFromAFullDecodeThanBefore() throws Exception {
        assertFaithful(null, BEFORE);
    }

    private void assertFaithful(@Nullable TurboJpeg turbo, double least) throws Exception {
        ImageDecoder decoder = new ImageDecoder(settings, turbo);
        PreviewRenderer renderer = new PreviewRenderer(settings, turbo);
        for (Path file : new Path[] {upright, turned}) {
            int orientation = new MetadataReader().read(file).orientation();
            Picture picture = decoder.decode(file, orientation, Picture.madeBy(renderer));
            BufferedImage preview =
                    ImageIO.read(new ByteArrayInputStream(picture.previews().preview()));

            assertThat(preview.getWidth()).isEqualTo(1280);
            assertThat(preview.getHeight()).isEqualTo(960);
            assertThat(ssim(preview, reference(file, orientation, 1280, 960)))
                    .as("SSIM of %s's preview (libjpeg-turbo %s)", file.getFileName(), turbo != null)
                    .isGreaterThan(least);
        }
    }

    /** The whole stored image, decoded at full size, turned upright pixel for pixel and area-averaged to the size. */
    static BufferedImage reference(Path file, int orientation, int width, int height) throws IOException {
        BufferedImage stored = ImageIO.read(file.toFile());
        boolean swap = Orientation.swapsSides(orientation);
        BufferedImage full = new BufferedImage(
                swap ? stored.getHeight() : stored.getWidth(),
                swap ? stored.getWidth() : stored.getHeight(),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = full.createGraphics();
        g.drawImage(stored, Orientation.toUpright(orientation, stored.getWidth(), stored.getHeight()), null);
        g.dispose();
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        g = scaled.createGraphics();
        g.drawImage(full.getScaledInstance(width, height, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return scaled;
    }

    /**
     * The mean SSIM (Wang et al. 2004) of two images' luma (Rec. 601) over 8 x 8 windows placed every 4 pixels, with
     * the paper's constants for 8-bit values.
     */
    static double ssim(BufferedImage a, BufferedImage b) {
        int width = Math.min(a.getWidth(), b.getWidth());
        int height = Math.min(a.getHeight(), b.getHeight());
        if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
            return 0; // a preview of the wrong shape (turned the wrong way) is not the picture
        }
        double[] x = luma(a, width, height);
        double[] y = luma(b, width, height);
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double total = 0;
        int windows = 0;
        for (int top = 0; top + 8 <= height; top += 4) {
            for (int left = 0; left + 8 <= width; left += 4) {
                double sx = 0;
                double sy = 0;
                double sxx = 0;
                double syy = 0;
                double sxy = 0;
                for (int j = top; j < top + 8; j++) {
                    for (int i = left; i < left + 8; i++) {
                        double u = x[j * width + i];
                        double v = y[j * width + i];
                        sx += u;
                        sy += v;
                        sxx += u * u;
                        syy += v * v;
                        sxy += u * v;
                    }
                }
                double n = 64;
                double mx = sx / n;
                double my = sy / n;
                double vx = sxx / n - mx * mx;
                double vy = syy / n - my * my;
                double cov = sxy / n - mx * my;
                total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                windows++;
            }
        }
        return total / windows;
    }

    private static double[] luma(BufferedImage image, int width, int height) {
        double[] luma = new double[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = image.getRGB(x, y);
                luma[y * width + x] = 0.299 * ((rgb >> 16) & 0xff) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);
            }
        }
        return luma;
    }
}
