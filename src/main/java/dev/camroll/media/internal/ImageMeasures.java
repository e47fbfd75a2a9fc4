package dev.camroll.media.internal;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;

/**
 * A perceptual fingerprint and quality measures of an upright image, for the suggestion engine to find near
 * duplicates and pick the better shot. Every measure except the hash is taken on the image scaled to
 * {@value #MEASURE_SIZE} px on its longest side, so values compare across images of any size.
 *
 * @param differenceHash a 64-bit difference hash (dHash): bit {@code 8y + x} is set when, on a 9 x 8 grey version,
 *     pixel (x, y) is brighter than its right neighbour; near-identical pictures differ in few bits
 *     ({@link #distance(long, long)})
 * @param sharpness the variance of the Laplacian of the grey version (luma 0..255): 0 for a flat image, roughly
 *     under 50 for a blurred or shaken photo, some hundreds to thousands for a crisp one; unbounded above
 * @param brightness the mean luma (Rec. 601), 0 (black) to 1 (white)
 * @param colourfulness Hasler and Suesstrunk's M (2003) on 0..255 channels: 0 for grey, about 15 "slightly",
 *     33 "moderately", 59 "quite", 82 and more "extremely" colourful; about 0..180 in practice
 * @param warmth the mean of red minus blue, -1 (all blue) to 1 (all red); about 0 for neutral light, positive in
 *     golden hour or tungsten light, negative in shade or snow
 */
record ImageMeasures(long differenceHash, double sharpness, double brightness, double colourfulness, double warmth) {

    /** The longest side of the version the measures are taken on. */
    static final int MEASURE_SIZE = 512;

    /** The measures of an upright image (any size; it is scaled down first, never up). */
    static ImageMeasures of(BufferedImage upright) {
        return of(upright, Canvases.fresh());
    }

    /** The measures of an upright image, scaled down on {@code canvases}. */
    static ImageMeasures of(BufferedImage upright, Canvases canvases) {
        BufferedImage small = PreviewRenderer.fit(upright, MEASURE_SIZE, 1, canvases);
        int width = small.getWidth();
        int height = small.getHeight();
        // Row by row, keeping the three rows of grey the Laplacian needs: no copy of the whole image.
        Raster raster = small.getRaster();
        byte[] rgb = new byte[3 * width];
        double[][] rows = new double[3][width];
        double[] cells = new double[9 * 8];
        double sumLuma = 0;
        double sumWarmth = 0;
        // Hasler-Suesstrunk opponent channels: rg = R - G, yb = (R + G) / 2 - B; their means and variances.
        double sumRg = 0;
        double sumRg2 = 0;
        double sumYb = 0;
        double sumYb2 = 0;
        Laplacian laplacian = new Laplacian();
        for (int y = 0; y < height; y++) {
            raster.getDataElements(0, y, width, 1, rgb); // PreviewRenderer.RGB: red, green, blue bytes per pixel
            double[] luma = rows[y % 3];
            for (int x = 0; x < width; x++) {
                int r = rgb[3 * x] & 0xff;
                int g = rgb[3 * x + 1] & 0xff;
                int b = rgb[3 * x + 2] & 0xff;
                luma[x] = 0.299 * r + 0.587 * g + 0.114 * b;
                sumLuma += luma[x];
                sumWarmth += r - b;
                double rg = r - g;
                double yb = 0.5 * (r + g) - b;
                sumRg += rg;
                sumRg2 += rg * rg;
                sumYb += yb;
                sumYb2 += yb * yb;
            }
            addToCells(cells, luma, y, width, height);
            if (y >= 2) {
                laplacian.add(rows[(y - 2) % 3], rows[(y - 1) % 3], luma, width);
            }
        }
        int n = width * height;
        double meanRg = sumRg / n;
        double meanYb = sumYb / n;
        double varRg = Math.max(0, sumRg2 / n - meanRg * meanRg);
        double varYb = Math.max(0, sumYb2 / n - meanYb * meanYb);
        double colourfulness = Math.sqrt(varRg + varYb) + 0.3 * Math.sqrt(meanRg * meanRg + meanYb * meanYb);
        return new ImageMeasures(
                differenceHash(cells), laplacian.variance(), sumLuma / n / 255.0, colourfulness, sumWarmth / n / 255.0);
    }

    /** The difference hash of an upright image. */
    static long differenceHash(BufferedImage upright) {
        return of(upright).differenceHash();
    }

    /** How many of the 64 bits two difference hashes differ in (Hamming distance): 0 for the same picture. */
    static int distance(long hash, long other) {
        return Long.bitCount(hash ^ other);
    }

    /**
     * dHash (Neal Krawetz, 2013) over 9 x 8 cells, each the plain average of the grey pixels it covers, which
     * makes the hash stable under re-encoding and resizing. Row {@code y} of grey is added to the cells it falls in
     * (in an image narrower or lower than the grid, cells share pixels).
     */
    private static void addToCells(double[] cells, double[] luma, int y, int width, int height) {
        for (int cy = 0; cy < 8; cy++) {
            int y0 = cy * height / 8;
            int y1 = Math.min(height, Math.max(y0 + 1, (cy + 1) * height / 8));
            if (y < y0 || y >= y1) {
                continue;
            }
            for (int cx = 0; cx < 9; cx++) {
                int x0 = cx * width / 9;
                int x1 = Math.min(width, Math.max(x0 + 1, (cx + 1) * width / 9));
                double sum = 0;
                for (int x = x0; x < x1; x++) {
                    sum += luma[x];
                }
                cells[cy * 9 + cx] += sum / ((double) (y1 - y0) * (x1 - x0));
            }
        }
    }

    private static long differenceHash(double[] cells) {
        long hash = 0;
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                if (cells[y * 9 + x] > cells[y * 9 + x + 1]) {
                    hash |= 1L << (y * 8 + x);
                }
            }
        }
        return hash;
    }

    /** The variance of the 4-neighbour Laplacian over the inner pixels (Pech-Pacheco et al., 2000). */
    private static final class Laplacian {

        private double sum;

        private double sumSquares;

        private long count;

        /** Adds the inner pixels of the middle row {@code centre}. */
        void add(double[] above, double[] centre, double[] below, int width) {
            for (int x = 1; x < width - 1; x++) {
                double value = centre[x - 1] + centre[x + 1] + above[x] + below[x] - 4 * centre[x];
                sum += value;
                sumSquares += value * value;
                count++;
            }
        }

        double variance() {
            if (count == 0) {
                return 0;
            }
            double mean = sum / count;
            return Math.max(0, sumSquares / count - mean * mean);
        }
    }
}
