package dev.camroll.media.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

import dev.camroll.media.MediaSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.camroll.media.MediaSamples.markedUpright;
import static org.assertj.core.api.Assertions.assertThat;

/** What {@link PreviewRenderer} makes: upright sRGB JPEGs of bounded size, never enlarged. */
class PreviewRendererTests {

    @TempDir
    Path dir;

    private final PreviewRenderer renderer = new PreviewRenderer(MediaAnalysisSettings.defaults());

    @Test
    void aLandscapePhotoGetsA1280PreviewAndA320Thumbnail() throws IOException {
        PreviewRenderer.Previews previews = renderer.render(markedUpright(4000, 3000));

        assertThat(previews.previewWidth()).isEqualTo(1280);
        assertThat(previews.previewHeight()).isEqualTo(960);
        assertThat(previews.thumbnailWidth()).isEqualTo(320);
        assertThat(previews.thumbnailHeight()).isEqualTo(240);
        ImageDecoderTests.assertUpright(jpeg(previews.preview()), 1280, 960);
        ImageDecoderTests.assertUpright(jpeg(previews.thumbnail()), 320, 240);
    }

    @Test
    void aPortraitPhotoIsBoundedByItsHeight() throws IOException {
        PreviewRenderer.Previews previews = renderer.render(markedUpright(1500, 2000));

        ImageDecoderTests.assertUpright(jpeg(previews.preview()), 960, 1280);
        ImageDecoderTests.assertUpright(jpeg(previews.thumbnail()), 240, 320);
    }

    @Test
    void aSmallImageIsNeverEnlarged() throws IOException {
        PreviewRenderer.Previews previews = renderer.render(markedUpright(200, 100));

        ImageDecoderTests.assertUpright(jpeg(previews.preview()), 200, 100);
        ImageDecoderTests.assertUpright(jpeg(previews.thumbnail()), 200, 100);
    }

    @Test
    void transparencyIsLaidOnWhiteAndTheOutputIsThreeChannelRgb() throws IOException {
        BufferedImage translucent = new BufferedImage(400, 300, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = translucent.createGraphics();
        g.setColor(new Color(0, 0, 0, 0));
        g.fillRect(0, 0, 400, 300);
        g.setColor(Color.RED);
        g.fillRect(0, 0, 100, 100);
        g.dispose();

        BufferedImage preview = jpeg(renderer.render(translucent).preview());

        assertThat(preview.getColorModel().getNumComponents()).isEqualTo(3);
        assertThat(preview.getColorModel().hasAlpha()).isFalse();
        ImageDecoderTests.assertColour(preview, 300, 200, Color.WHITE, "transparent area");
        ImageDecoderTests.assertColour(preview, 50, 50, Color.RED, "opaque red");
    }

    @Test
    void aGreyImageComesOutAsRgbToo() throws IOException {
        BufferedImage grey = new BufferedImage(300, 200, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(Color.GRAY);
        g.fillRect(0, 0, 300, 200);
        g.dispose();

        BufferedImage preview = jpeg(renderer.render(grey).preview());

        assertThat(preview.getColorModel().getNumComponents()).isEqualTo(3);
        ImageDecoderTests.assertColour(preview, 150, 100, Color.GRAY, "grey");
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void previewsOfEveryOrientationAreUpright(int orientation) throws Exception {
        Path file = MediaSamples.write(
                dir,
                "o" + orientation + ".jpg",
                MediaSamples.exif()
                        .orientation(orientation)
                        .into(MediaSamples.jpeg(MediaSamples.storedFor(markedUpright(3000, 2000), orientation))));
        MediaFacts facts = new MetadataReader().read(file);
        BufferedImage upright = new ImageDecoder(MediaAnalysisSettings.defaults())
                .decode(file, facts.orientation())
                .image();

        PreviewRenderer.Previews previews = renderer.render(upright);

        assertThat(previews.previewWidth()).isEqualTo(facts.width() * 1280 / 3000);
        ImageDecoderTests.assertUpright(jpeg(previews.preview()), 1280, 853);
        ImageDecoderTests.assertUpright(jpeg(previews.thumbnail()), 320, 213);
    }

    @ParameterizedTest(name = "orientation {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void turningWithoutScalingCopiesEveryPixelExactly(int orientation) {
        BufferedImage upright = MediaSamples.photo(61, 40, orientation);

        BufferedImage turned =
                PreviewRenderer.fit(MediaSamples.storedFor(upright, orientation), 1280, orientation, Canvases.fresh());

        assertThat(turned.getWidth()).isEqualTo(61);
        assertThat(turned.getHeight()).isEqualTo(40);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 61; x++) {
                assertThat(turned.getRGB(x, y) & 0xffffff)
                        .as("(%d, %d)", x, y)
                        .isEqualTo(upright.getRGB(x, y) & 0xffffff);
            }
        }
    }

    @Test
    void theJpegQualityIsTheConfiguredOne() {
        BufferedImage photo = MediaSamples.photo(800, 600, 4);

        byte[] low = new PreviewRenderer(1280, 320, 0.3f).render(photo).preview();
        byte[] high = new PreviewRenderer(1280, 320, 0.95f).render(photo).preview();

        assertThat(low.length).isLessThan(high.length / 2);
    }

    private static BufferedImage jpeg(byte[] bytes) throws IOException {
        assertThat(bytes).startsWith(0xff, 0xd8);
        return ImageIO.read(new ByteArrayInputStream(bytes));
    }
}
