package dev.camroll.media.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.PixelInterleavedSampleModel;

/**
 * Scales rows of B, G, R bytes down by area averaging (each result pixel the mean of the source area it covers, edge
 * pixels by the fraction they cover), in two passes over plain arrays, then turns the result upright. Every source
 * pixel counts, as much as its area, at any ratio: neither the skipped pixels of point sampling nor Java2D's
 * bilinear draw, which cost a 12 MP photo's preview as much CPU as the rest of its pixel work.
 */
final class AreaAverage {

    /** Weights are fixed-point with this many fraction bits; a result pixel's weights add up to exactly 1. */
    private static final int BITS = 12;

    private static final int ONE = 1 << BITS;

    private AreaAverage() {}

    /** Whether the image is laid out as rows of B, G, R bytes without gaps, which {@link #fit} reads directly. */
    static boolean readable(BufferedImage image) {
        return image.getType() == PreviewRenderer.RGB
                && image.getRaster().getSampleModel() instanceof PixelInterleavedSampleModel rows
                && rows.getScanlineStride() == 3 * image.getWidth()
                && rows.getPixelStride() == 3
                && image.getRaster().getDataBuffer() instanceof DataBufferByte data
                && data.getOffset() == 0
                && image.getRaster().getSampleModelTranslateX() == 0
                && image.getRaster().getSampleModelTranslateY() == 0;
    }

    /** The B, G, R bytes of a {@link #readable} image. */
    static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    /**
     * The {@link #readable} {@code image} scaled to {@code width} x {@code height} as stored (each no larger than
     * the image's), then turned upright by EXIF {@code orientation}, on {@code canvases}.
     */
    static BufferedImage fit(BufferedImage image, int width, int height, int orientation, Canvases canvases) {
        int sourceWidth = image.getWidth();
        int sourceHeight = image.getHeight();
        byte[] source = bytes(image);
        boolean upright = orientation < 2 || orientation > 8;
        BufferedImage scaled;
        if (width == sourceWidth && height == sourceHeight) {
            scaled = image;
        } else {
            // Down first (rows to their new number), whose loops run along whole rows and vectorise, then across on
            // the fewer rows that are left.
            byte[] down = height == sourceHeight ? source : canvases.bytes(3 * sourceWidth * height);
            if (down != source) {
                scaleColumns(source, sourceWidth, sourceHeight, down, height);
            }
            scaled = canvases.rgb(width, height);
            byte[] target = bytes(scaled);
            Taps taps = Taps.of(sourceWidth, width);
            for (int y = 0; y < height; y++) {
                scaleRow(down, 3 * sourceWidth * y, target, 3 * width * y, taps);
            }
        }
        return upright ? scaled : turn(scaled, orientation, canvases);
    }

    private static void scaleRow(byte[] source, int from, byte[] target, int to, Taps taps) {
        int[] first = taps.first;
        int[] weights = taps.weights;
        int size = taps.size;
        for (int x = 0, w = 0; x < first.length; x++) {
            int b = 0;
            int g = 0;
            int r = 0;
            int at = from + 3 * first[x];
            // The same number of taps for every pixel (unused ones weigh 0), so the loop compiles without branches.
            for (int i = 0; i < size; i++, at += 3) {
                int weight = weights[w++];
                b += weight * (source[at] & 0xff);
                g += weight * (source[at + 1] & 0xff);
                r += weight * (source[at + 2] & 0xff);
            }
            target[to++] = (byte) ((b + ONE / 2) >> BITS);
            target[to++] = (byte) ((g + ONE / 2) >> BITS);
            target[to++] = (byte) ((r + ONE / 2) >> BITS);
        }
    }

    private static void scaleColumns(byte[] source, int width, int sourceHeight, byte[] target, int height) {
        Taps taps = Taps.of(sourceHeight, height);
        int rowLength = 3 * width;
        int[] sums = new int[rowLength];
        for (int y = 0; y < height; y++) {
            int to = rowLength * y;
            if (taps.size == 3) {
                // Less than halving (a DCT-scaled photo to its preview): three rows at once, in one pass.
                int w0 = taps.weights[3 * y];
                int w1 = taps.weights[3 * y + 1];
                int w2 = taps.weights[3 * y + 2];
                int a = rowLength * taps.first[y];
                int b = a + rowLength;
                int c = b + rowLength;
                for (int x = 0; x < rowLength; x++) {
                    int sum = w0 * (source[a + x] & 0xff) + w1 * (source[b + x] & 0xff) + w2 * (source[c + x] & 0xff);
                    target[to + x] = (byte) ((sum + ONE / 2) >> BITS);
                }
                continue;
            }
            java.util.Arrays.fill(sums, 0);
            for (int i = 0; i < taps.size; i++) {
                int weight = taps.weights[taps.size * y + i];
                if (weight == 0) {
                    continue;
                }
                int row = rowLength * (taps.first[y] + i);
                for (int x = 0; x < rowLength; x++) {
                    sums[x] += weight * (source[row + x] & 0xff);
                }
            }
            for (int x = 0; x < rowLength; x++) {
                target[to + x] = (byte) ((sums[x] + ONE / 2) >> BITS);
            }
        }
    }

    /** The image turned upright by EXIF {@code orientation} (2..8), pixel for pixel. */
    private static BufferedImage turn(BufferedImage image, int orientation, Canvases canvases) {
        int width = image.getWidth();
        int height = image.getHeight();
        boolean swap = Orientation.swapsSides(orientation);
        int uprightWidth = swap ? height : width;
        int uprightHeight = swap ? width : height;
        BufferedImage upright = canvases.rgb(uprightWidth, uprightHeight);
        byte[] from = bytes(image);
        byte[] to = bytes(upright);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                // Where the stored pixel (x, y) lands upright, as Orientation.toUpright maps pixel centres.
                int ux;
                int uy;
                switch (orientation) {
                    case 2 -> {
                        ux = width - 1 - x;
                        uy = y;
                    }
                    case 3 -> {
                        ux = width - 1 - x;
                        uy = height - 1 - y;
                    }
                    case 4 -> {
                        ux = x;
                        uy = height - 1 - y;
                    }
                    case 5 -> {
                        ux = y;
                        uy = x;
                    }
                    case 6 -> {
                        ux = height - 1 - y;
                        uy = x;
                    }
                    case 7 -> {
                        ux = height - 1 - y;
                        uy = width - 1 - x;
                    }
                    default -> { // 8
                        ux = y;
                        uy = width - 1 - x;
                    }
                }
                int s = 3 * (width * y + x);
                int t = 3 * (uprightWidth * uy + ux);
                to[t] = from[s];
                to[t + 1] = from[s + 1];
                to[t + 2] = from[s + 2];
            }
        }
        return upright;
    }

    /**
     * For each result pixel along one side: the first source pixel it covers and the weights of {@code size}
     * pixels from there (those it does not cover weigh 0).
     */
    private record Taps(int[] first, int size, int[] weights) {

        static Taps of(int sourceLength, int length) {
            double step = (double) sourceLength / length;
            int size = Math.min(sourceLength, (int) Math.ceil(step) + 1);
            int[] first = new int[length];
            int[] weights = new int[length * size];
            for (int i = 0; i < length; i++) {
                double start = i * step;
                double end = Math.min(sourceLength, (i + 1) * step);
                int from = Math.min((int) start, sourceLength - size);
                first[i] = from;
                int total = 0;
                int largest = size * i;
                for (int k = 0; k < size; k++) {
                    int s = from + k;
                    double covered = Math.max(0, Math.min(end, s + 1) - Math.max(start, s));
                    int weight = (int) Math.round(covered / step * ONE);
                    weights[size * i + k] = weight;
                    total += weight;
                    if (weight > weights[largest]) {
                        largest = size * i + k;
                    }
                }
                // Rounding leaves the sum a little off 1: the largest tap takes the difference.
                weights[largest] += ONE - total;
            }
            return new Taps(first, size, weights);
        }
    }
}
