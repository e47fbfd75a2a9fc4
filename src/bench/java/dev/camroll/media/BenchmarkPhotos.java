package dev.camroll.media;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Files for the analysis benchmark ({@code dev.camroll.benchmark.AnalysisBenchmark}): photo-like JPEGs with EXIF,
 * and the hostile and broken files the queue must fail without harm. Public, unlike {@link MediaSamples}, because
 * the benchmark lives in another package; built on the same EXIF writer.
 */
public final class BenchmarkPhotos {

    private BenchmarkPhotos() {}

    /**
     * The pixels of a photo-like picture, different for every seed: a sky-to-ground gradient, soft lit blobs, hard-
     * edged shapes and lines of every size, and sensor-like grain, so that a JPEG of it is about as large, and as
     * costly to decode, as a phone's photo of a busy scene (a 12 MP one at quality 0.9 has about 4 MB).
     */
    public static BufferedImage picture(int width, int height, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setPaint(new GradientPaint(0, 0, colour(random, 120, 255), 0, height * 0.6f, colour(random, 40, 200)));
            g.fillRect(0, 0, width, height);
            g.setPaint(new GradientPaint(
                    0, height * 0.55f, colour(random, 20, 160), width, height, colour(random, 0, 120)));
            g.fillRect(0, (int) (height * 0.55), width, height);
            int scale = Math.min(width, height);
            for (int i = 0; i < 12; i++) {
                float radius = scale * (0.05f + (float) random.nextDouble() * 0.3f);
                float x = (float) random.nextDouble() * width;
                float y = (float) random.nextDouble() * height;
                g.setPaint(new RadialGradientPaint(
                        x, y, radius, new float[] {0f, 1f}, new Color[] {colour(random, 80, 255), new Color(0, 0, 0, 0)
                        }));
                g.fillOval((int) (x - radius), (int) (y - radius), (int) (2 * radius), (int) (2 * radius));
            }
            for (int i = 0; i < 300; i++) {
                g.setColor(colour(random, 0, 255));
                int x = random.nextInt(width);
                int y = random.nextInt(height);
                int size = 2 + random.nextInt(Math.max(3, scale / (i < 30 ? 4 : 25)));
                switch (random.nextInt(3)) {
                    case 0 -> g.fillRect(x, y, size, 1 + size / (1 + random.nextInt(4)));
                    case 1 -> g.fillOval(x, y, size, size);
                    default -> {
                        g.setStroke(new BasicStroke(1 + random.nextInt(4)));
                        g.drawLine(x, y, x + random.nextInt(2 * size) - size, y + random.nextInt(2 * size) - size);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels.length; i++) {
            // Grain: mostly in brightness, a little in colour, as a small sensor gives it.
            int luma = random.nextInt(19) - 9;
            int rgb = pixels[i];
            int r = clamp(((rgb >> 16) & 0xff) + luma + random.nextInt(5) - 2);
            int gr = clamp(((rgb >> 8) & 0xff) + luma);
            int b = clamp((rgb & 0xff) + luma + random.nextInt(5) - 2);
            pixels[i] = (r << 16) | (gr << 8) | b;
        }
        return image;
    }

    /** A baseline JPEG of the image at the given quality (0.1 to 1), as a camera app writes it. */
    public static byte[] jpeg(BufferedImage image, float quality) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream output = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(output);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /**
     * The JPEG with EXIF as a phone writes it, added without re-encoding the pixels: orientation (1..8), capture
     * time ({@code 2026:05:01 12:34:56}) with its offset, camera make and model, GPS.
     */
    public static byte[] withExif(byte[] jpeg, int orientation, String takenAt, double latitude, double longitude) {
        return MediaSamples.exif()
                .orientation(orientation)
                .takenAt(takenAt)
                .offsetOriginal("+02:00")
                .camera("camroll", "Benchmark Phone")
                .gps(latitude, longitude)
                .into(jpeg);
    }

    /** A PNG of a few dozen bytes whose header claims {@code width x height} pixels: a decompression bomb. */
    public static byte[] pngClaiming(int width, int height) {
        return MediaSamples.pngClaiming(width, height);
    }

    /**
     * A small real JPEG whose frame header (SOF0) is rewritten to claim {@code width x height} (each at most 65535):
     * a JPEG bomb, which the decoder must refuse from the header before allocating anything.
     */
    public static byte[] jpegClaiming(int width, int height) {
        byte[] jpeg = jpeg(picture(64, 48, 7), 0.9f);
        for (int i = 2; i + 9 < jpeg.length; i++) {
            if ((jpeg[i] & 0xff) == 0xff && (jpeg[i + 1] & 0xff) == 0xc0) {
                // FF C0, length (2), precision (1), height (2), width (2)
                jpeg[i + 5] = (byte) (height >> 8);
                jpeg[i + 6] = (byte) height;
                jpeg[i + 7] = (byte) (width >> 8);
                jpeg[i + 8] = (byte) width;
                return jpeg;
            }
        }
        throw new IllegalStateException("the JPEG writer wrote no SOF0 marker");
    }

    /** The first {@code fraction} of the bytes, as an interrupted transfer leaves a file. */
    public static byte[] truncated(byte[] bytes, double fraction) {
        return Arrays.copyOf(bytes, (int) (bytes.length * fraction));
    }

    /** {@code size} random bytes behind a JPEG's start-of-image and APP0 markers: passes a magic-byte check only. */
    public static byte[] garbageJpeg(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        bytes[0] = (byte) 0xff;
        bytes[1] = (byte) 0xd8;
        bytes[2] = (byte) 0xff;
        bytes[3] = (byte) 0xe0;
        return bytes;
    }

    private static Color colour(SplittableRandom random, int low, int high) {
        return new Color(
                low + random.nextInt(high - low + 1),
                low + random.nextInt(high - low + 1),
                low + random.nextInt(high - low + 1));
    }

    private static int clamp(int value) {
        return value < 0 ? 0 : Math.min(255, value);
    }
}
