package dev.camroll.media.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
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
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.jspecify.annotations.Nullable;

/**
 * Makes the preview (longest side 1280 px) and thumbnail (320 px) of an upright image as baseline sRGB JPEGs,
 * which every client shows without colour management or EXIF handling.
 */
class PreviewRenderer {

    /**
     * The layout of every image made here: 8-bit sRGB in B, G, R byte order, whose rows the JDK's JPEG writer copies
     * as they are (packed ints it converts pixel by pixel in Java, which a profile showed as most of a worker's
     * time).
     */
    static final int RGB = BufferedImage.TYPE_3BYTE_BGR;

    private final int previewSize;

    private final int thumbnailSize;

    private final float quality;

    private final @Nullable TurboJpeg turbo;

    PreviewRenderer(int previewSize, int thumbnailSize, float quality) {
        this(previewSize, thumbnailSize, quality, TurboJpeg.installed());
    }

    /** @param turbo libjpeg-turbo to encode with, or null for ImageIO's JPEG writer */
    PreviewRenderer(int previewSize, int thumbnailSize, float quality, @Nullable TurboJpeg turbo) {
        this.previewSize = previewSize;
        this.thumbnailSize = thumbnailSize;
        this.quality = quality;
        this.turbo = turbo;
    }

    PreviewRenderer(MediaAnalysisSettings settings) {
        this(settings, TurboJpeg.installed());
    }

    PreviewRenderer(MediaAnalysisSettings settings, @Nullable TurboJpeg turbo) {
        this(settings.previewSize(), settings.thumbnailSize(), settings.jpegQuality(), turbo);
    }

    /** A preview and a thumbnail, as JPEG bytes with their sizes. */
    record Previews(
            byte[] preview,
            int previewWidth,
            int previewHeight,
            byte[] thumbnail,
            int thumbnailWidth,
            int thumbnailHeight) {}

    /** The preview and thumbnail of an upright image; small images are never enlarged. */
    Previews render(BufferedImage upright) {
        return render(upright, Canvases.fresh());
    }

    /** The preview and thumbnail of an upright image, drawn on {@code canvases}. */
    Previews render(BufferedImage upright, Canvases canvases) {
        BufferedImage preview = fit(upright, previewSize, 1, canvases);
        // The thumbnail comes from the preview: the same picture, a fraction of the work.
        BufferedImage thumbnail = fit(preview, thumbnailSize, 1, canvases);
        return new Previews(
                encode(preview, canvases),
                preview.getWidth(),
                preview.getHeight(),
                encode(thumbnail, canvases),
                thumbnail.getWidth(),
                thumbnail.getHeight());
    }

    /**
     * The image as JPEG bytes: through libjpeg-turbo when installed (SIMD, a third of the JDK writer's CPU, and the
     * same libjpeg quality tables and 4:2:0 sampling), else ImageIO.
     */
    private byte[] encode(BufferedImage image, Canvases canvases) {
        if (turbo != null && AreaAverage.readable(image)) {
            // TYPE_3BYTE_BGR's rows of B, G, R bytes, which the library reads as they are.
            return turbo.encode(
                    AreaAverage.bytes(image), image.getWidth(), image.getHeight(), Math.round(quality * 100), canvases);
        }
        return jpeg(image, quality);
    }

    /**
     * The image scaled so its longest side is at most {@code longestSide} (never enlarged), as opaque sRGB
     * ({@link #RGB}) with any transparency laid on white.
     */
    static BufferedImage fit(BufferedImage image, int longestSide) {
        return fit(image, longestSide, 1, Canvases.fresh());
    }

    /**
     * The upright picture of an image stored with EXIF {@code orientation}, scaled so its longest side is at most
     * {@code longestSide} (never enlarged), as opaque sRGB ({@link #RGB}) with any transparency laid on white.
     * Turning, scaling and the conversion to sRGB happen in one draw, so the only new pixels are the result's, on one
     * of the {@code canvases}.
     */
    static BufferedImage fit(BufferedImage image, int longestSide, int orientation, Canvases canvases) {
        boolean swap = Orientation.swapsSides(orientation);
        int uprightWidth = swap ? image.getHeight() : image.getWidth();
        int uprightHeight = swap ? image.getWidth() : image.getHeight();
        double scale = Math.min(1.0, (double) longestSide / Math.max(uprightWidth, uprightHeight));
        int targetWidth = Math.max(1, (int) Math.round(uprightWidth * scale));
        int targetHeight = Math.max(1, (int) Math.round(uprightHeight * scale));
        BufferedImage current = image.getColorModel().hasAlpha() ? onWhite(image, canvases) : image;
        int storedTargetWidth = swap ? targetHeight : targetWidth;
        int storedTargetHeight = swap ? targetWidth : targetHeight;
        if (AreaAverage.readable(current)) {
            return AreaAverage.fit(current, storedTargetWidth, storedTargetHeight, orientation, canvases);
        }
        // Other layouts (grey, indexed, 16-bit) are drawn by Java2D, which converts them to sRGB as it goes.
        // Bilinear sampling from more than twice the size skips source pixels and aliases; halving in steps
        // (each step averaging 2 x 2) keeps every pixel's contribution, and the last, smaller step lands on the size.
        while (current.getWidth() / 2 >= storedTargetWidth && current.getHeight() / 2 >= storedTargetHeight) {
            int halfWidth = current.getWidth() / 2;
            int halfHeight = current.getHeight() / 2;
            current = draw(
                    current,
                    canvases.rgb(halfWidth, halfHeight),
                    AffineTransform.getScaleInstance(
                            (double) halfWidth / current.getWidth(), (double) halfHeight / current.getHeight()));
        }
        boolean upright = orientation < 2 || orientation > 8;
        if (upright
                && current.getType() == RGB
                && current.getWidth() == targetWidth
                && current.getHeight() == targetHeight) {
            return current;
        }
        // Less than halving is left: bilinear still reads every source pixel, and costs a fraction of bicubic.
        AffineTransform toTarget = AffineTransform.getScaleInstance(
                (double) targetWidth / (swap ? current.getHeight() : current.getWidth()),
                (double) targetHeight / (swap ? current.getWidth() : current.getHeight()));
        toTarget.concatenate(Orientation.toUpright(orientation, current.getWidth(), current.getHeight()));
        return draw(current, canvases.rgb(targetWidth, targetHeight), toTarget);
    }

    /** Baseline JPEG bytes of an image (opaque sRGB, as {@link #fit} makes them) at {@code quality}, 0.1 to 1. */
    static byte[] jpeg(BufferedImage image, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG writer installed");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        // In memory: ImageIO.createImageOutputStream would buffer through a temporary file.
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(
                    null,
                    new IIOImage(image.getType() == RGB ? image : fit(image, Integer.MAX_VALUE), null, null),
                    param);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a JPEG into memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** The image laid on white, without its transparency. */
    private static BufferedImage onWhite(BufferedImage image, Canvases canvases) {
        BufferedImage opaque = canvases.rgb(image.getWidth(), image.getHeight());
        Graphics2D g = opaque.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return opaque;
    }

    private static BufferedImage draw(BufferedImage image, BufferedImage result, AffineTransform transform) {
        Graphics2D g = result.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(image, transform, null);
        } finally {
            g.dispose();
        }
        return result;
    }
}
