package dev.camroll.suggestions.internal;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Renders a collage or a recap's mosaic from its members' previews (upright sRGB images, as decoded) into a baseline
 * JPEG {@value CollageLayout#WIDTH} px wide: each member "cover"-fit into its {@link CollageLayout} cell (scaled to
 * fill it and centre-cropped, never letterboxed) on a white canvas. Nothing is written into the picture: titles
 * travel as data, and a headless machine may have no fonts.
 */
final class CollageRenderer {

    /**
     * The canvas's layout: 8-bit sRGB in B, G, R byte order, whose rows the JDK's JPEG writer copies as they are
     * (packed ints it converts pixel by pixel, several times slower).
     */
    static final int RGB = BufferedImage.TYPE_3BYTE_BGR;

    /** The JPEG quality unless told otherwise. */
    static final float DEFAULT_QUALITY = 0.85f;

    /** The colour of the gutters. */
    static final Color BACKGROUND = Color.WHITE;

    private final float quality;

    /** A renderer encoding at the {@linkplain #DEFAULT_QUALITY default quality}. */
    CollageRenderer() {
        this(DEFAULT_QUALITY);
    }

    /** A renderer encoding at {@code quality}, 0.1 to 1. */
    CollageRenderer(float quality) {
        if (!(quality >= 0.1f && quality <= 1)) {
            throw new IllegalArgumentException("JPEG quality is 0.1 to 1, not " + quality);
        }
        this.quality = quality;
    }

    /**
     * A rendered collage or mosaic.
     *
     * @param jpeg the baseline JPEG's bytes (the array itself, not a copy: do not change it)
     * @param layout where each member went: the JPEG is {@code layout.width()} x {@code layout.height()}
     */
    record Rendered(byte[] jpeg, CollageLayout layout) {}

    /**
     * The collage of 4 to 9 members in the template that suits their count and shapes
     * ({@link CollageLayout#collage}), member i in cell i.
     */
    Rendered collage(List<BufferedImage> members) {
        return render(CollageLayout.collage(aspects(members)), members);
    }

    /** The mosaic of 1 to {@value CollageLayout#MAX_MOSAIC} members ({@link CollageLayout#mosaic}), for a recap. */
    Rendered mosaic(List<BufferedImage> members) {
        return render(CollageLayout.mosaic(aspects(members)), members);
    }

    /** The members drawn in the layout (member i in cell i) as a JPEG. */
    Rendered render(CollageLayout layout, List<BufferedImage> members) {
        return new Rendered(jpeg(draw(layout, members), quality), layout);
    }

    /** The members' aspect ratios, width over height, in their order. */
    static double[] aspects(List<BufferedImage> members) {
        return members.stream()
                .mapToDouble(member -> (double) member.getWidth() / member.getHeight())
                .toArray();
    }

    /**
     * The canvas of the layout ({@link #RGB}) with the members cover-fit into their cells on white.
     *
     * @throws IllegalArgumentException when the layout has not one cell per member
     */
    static BufferedImage draw(CollageLayout layout, List<BufferedImage> members) {
        if (layout.cells().size() != members.size()) {
            throw new IllegalArgumentException(
                    "the layout has " + layout.cells().size() + " cells for " + members.size() + " members");
        }
        BufferedImage canvas = new BufferedImage(layout.width(), layout.height(), RGB);
        Graphics2D g = canvas.createGraphics();
        try {
            g.setColor(BACKGROUND);
            g.fillRect(0, 0, layout.width(), layout.height());
            hints(g);
            for (int i = 0; i < members.size(); i++) {
                cover(g, members.get(i), layout.cells().get(i));
            }
        } finally {
            g.dispose();
        }
        return canvas;
    }

    /**
     * Draws the member scaled to fill the cell, its middle kept and its overflow cut off on the two sides that
     * overflow.
     */
    private static void cover(Graphics2D g, BufferedImage member, CollageLayout.Cell cell) {
        int width = member.getWidth();
        int height = member.getHeight();
        double scale = Math.max((double) cell.width() / width, (double) cell.height() / height);
        double cropWidth = Math.min(width, cell.width() / scale);
        double cropHeight = Math.min(height, cell.height() / scale);
        // The member's part that shows, and a pixel around it where there is one, for bilinear sampling at its edge.
        int left = Math.max(0, (int) Math.floor((width - cropWidth) / 2) - 1);
        int top = Math.max(0, (int) Math.floor((height - cropHeight) / 2) - 1);
        int right = Math.min(width, (int) Math.ceil((width + cropWidth) / 2) + 1);
        int bottom = Math.min(height, (int) Math.ceil((height + cropHeight) / 2) + 1);
        BufferedImage source = member.getSubimage(left, top, right - left, bottom - top);
        // The shown part in the source's pixels; it follows the source through the halvings.
        double cropX = (width - cropWidth) / 2 - left;
        double cropY = (height - cropHeight) / 2 - top;
        // Bilinear sampling from more than twice the size skips source pixels and aliases; halving in steps (each
        // averaging 2 x 2) keeps every pixel's contribution, and the last, smaller step lands on the cell.
        while (cropWidth >= 2 * cell.width() && cropHeight >= 2 * cell.height()) {
            BufferedImage half = halve(source);
            double scaleX = (double) half.getWidth() / source.getWidth();
            double scaleY = (double) half.getHeight() / source.getHeight();
            cropX *= scaleX;
            cropWidth *= scaleX;
            cropY *= scaleY;
            cropHeight *= scaleY;
            source = half;
        }
        AffineTransform toCell = AffineTransform.getTranslateInstance(cell.x(), cell.y());
        toCell.scale(cell.width() / cropWidth, cell.height() / cropHeight);
        toCell.translate(-cropX, -cropY);
        // The clip keeps the pixel around the shown part out of the gutter.
        g.setClip(cell.x(), cell.y(), cell.width(), cell.height());
        g.drawImage(source, toCell, null);
        g.setClip(null);
    }

    /** The image at half its width and height (rounded down), each pixel the mean of 2 x 2. */
    private static BufferedImage halve(BufferedImage image) {
        int width = Math.max(1, image.getWidth() / 2);
        int height = Math.max(1, image.getHeight() / 2);
        BufferedImage half = new BufferedImage(width, height, RGB);
        Graphics2D g = half.createGraphics();
        try {
            if (image.getColorModel().hasAlpha()) {
                // Transparency lies on white, as on the canvas.
                g.setColor(BACKGROUND);
                g.fillRect(0, 0, width, height);
            }
            hints(g);
            g.drawImage(
                    image,
                    AffineTransform.getScaleInstance(
                            (double) width / image.getWidth(), (double) height / image.getHeight()),
                    null);
        } finally {
            g.dispose();
        }
        return half;
    }

    /** Bilinear scaling: it reads every source pixel down to half the size, at a fraction of bicubic's cost. */
    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    }

    /** Baseline JPEG bytes of an {@link #RGB} image at {@code quality}. */
    private static byte[] jpeg(BufferedImage image, float quality) {
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no JPEG writer installed");
        }
        ImageWriter writer = writers.next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(image.getWidth() * image.getHeight() / 4);
        // In memory: ImageIO.createImageOutputStream would buffer through a temporary file.
        try (ImageOutputStream output = new MemoryCacheImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a JPEG into memory failed", e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }
}
