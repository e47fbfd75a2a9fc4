package dev.camroll.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Makes the preview (longest side 1280 px) and thumbnail (320 px) of an upright image as baseline sRGB JPEGs,
 * which every client shows without colour management or EXIF handling.
 */
class PreviewRenderer {

    private final int previewSize;

    private final int thumbnailSize;

    private final float quality;

    PreviewRenderer(int previewSize, int thumbnailSize, float quality) {
        this.previewSize = previewSize;
        this.thumbnailSize = thumbnailSize;
        this.quality = quality;
    }

    PreviewRenderer(MediaAnalysisSettings settings) {
        this(settings.previewSize(), settings.thumbnailSize(), settings.jpegQuality());
    }

    /** A preview and a thumbnail, as JPEG bytes with their sizes. */
    record Previews(byte[] preview, int previewWidth, int previewHeight, byte[] thumbnail, int thumbnailWidth,
            int thumbnailHeight) {
    }

    /** The preview and thumbnail of an upright image; small images are never enlarged. */
    Previews render(BufferedImage upright) {
        BufferedImage preview = fit(upright, previewSize);
        // The thumbnail comes from the preview: the same picture, a fraction of the work.
        BufferedImage thumbnail = fit(preview, thumbnailSize);
        return new Previews(jpeg(preview), preview.getWidth(), preview.getHeight(), jpeg(thumbnail),
                thumbnail.getWidth(), thumbnail.getHeight());
    }

    /**
     * The image scaled so its longest side is at most {@code longestSide} (never enlarged), as opaque sRGB
     * ({@link BufferedImage#TYPE_INT_RGB}) with any transparency laid on white.
     */
    static BufferedImage fit(BufferedImage image, int longestSide) {
        int width = image.getWidth();
        int height = image.getHeight();
        double scale = Math.min(1.0, (double) longestSide / Math.max(width, height));
        int targetWidth = Math.max(1, (int) Math.round(width * scale));
        int targetHeight = Math.max(1, (int) Math.round(height * scale));
        BufferedImage current = opaque(image);
        // Bilinear sampling from more than twice the size skips source pixels and aliases; halving in steps
        // (each step averaging 2 x 2) keeps every pixel's contribution, and the last, smaller step lands on the size.
        while (current.getWidth() / 2 >= targetWidth && current.getHeight() / 2 >= targetHeight) {
            current = draw(current, current.getWidth() / 2, current.getHeight() / 2,
                    RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        if (current.getWidth() != targetWidth || current.getHeight() != targetHeight) {
            // Less than halving is left: bilinear still reads every source pixel, and costs a fraction of bicubic.
            current = draw(current, targetWidth, targetHeight, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        }
        return current;
    }

    /** JPEG bytes of an opaque image at the configured quality. */
    byte[] jpeg(BufferedImage image) {
        return jpeg(opaque(image), quality);
    }

    static byte[] jpeg(BufferedImage image, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG writer installed");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        }
        catch (IOException e) {
            throw new UncheckedIOException("writing a JPEG into memory failed", e);
        }
        finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The image as TYPE_INT_RGB; drawing converts any colour space to sRGB and lays transparency on white. */
    private static BufferedImage opaque(BufferedImage image) {
        if (image.getType() == BufferedImage.TYPE_INT_RGB) {
            return image;
        }
        BufferedImage rgb = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = rgb.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        }
        finally {
            g.dispose();
        }
        return rgb;
    }

    private static BufferedImage draw(BufferedImage image, int width, int height, Object interpolation) {
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scaled.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, interpolation);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, 0, 0, width, height, null);
        }
        finally {
            g.dispose();
        }
        return scaled;
    }
}
