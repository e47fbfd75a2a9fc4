package dev.camroll.benchmark;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * How close a preview comes to the best picture of its size: the original fully decoded (ImageIO, every pixel),
 * turned upright by its EXIF orientation and shrunk by exact area averaging (each preview pixel the mean of the
 * original's pixels under it, partial ones weighted), compared by SSIM on luma. SSIM as Wang et al. define it:
 * an 11 x 11 Gaussian window (sigma 1.5), C1 = (0.01 * 255)^2, C2 = (0.03 * 255)^2, the mean over every window
 * that fits inside the image.
 */
final class PreviewQuality {

    private static final double C1 = Math.pow(0.01 * 255, 2);

    private static final double C2 = Math.pow(0.03 * 255, 2);

    private static final float[] WINDOW = gaussian(11, 1.5);

    private PreviewQuality() {}

    /** Luma (BT.601, 0..255) of an image, row by row. */
    record Luma(int width, int height, float[] values) {

        static Luma of(BufferedImage image) {
            int width = image.getWidth();
            int height = image.getHeight();
            float[] values = new float[width * height];
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                image.getRGB(0, y, width, 1, row, 0, width);
                for (int x = 0; x < width; x++) {
                    int rgb = row[x];
                    values[y * width + x] =
                            0.299f * ((rgb >> 16) & 0xff) + 0.587f * ((rgb >> 8) & 0xff) + 0.114f * (rgb & 0xff);
                }
            }
            return new Luma(width, height, values);
        }

        static Luma read(Path jpeg) throws IOException {
            return decode(Files.readAllBytes(jpeg));
        }

        static Luma decode(byte[] jpeg) throws IOException {
            BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
            if (image == null) {
                throw new IOException("not an image ImageIO can read");
            }
            return of(image);
        }

        /**
         * The picture as it looks upright, for an image stored with EXIF {@code orientation} (1..8): each upright
         * pixel (u, v) read from the stored position the orientation names.
         */
        Luma upright(int orientation) {
            boolean swap = orientation >= 5 && orientation <= 8;
            int w = swap ? height : width;
            int h = swap ? width : height;
            float[] out = new float[w * h];
            for (int v = 0; v < h; v++) {
                for (int u = 0; u < w; u++) {
                    int x;
                    int y;
                    switch (orientation) {
                        case 2 -> {
                            x = width - 1 - u;
                            y = v;
                        }
                        case 3 -> {
                            x = width - 1 - u;
                            y = height - 1 - v;
                        }
                        case 4 -> {
                            x = u;
                            y = height - 1 - v;
                        }
                        case 5 -> {
                            x = v;
                            y = u;
                        }
                        case 6 -> {
                            x = v;
                            y = height - 1 - u;
                        }
                        case 7 -> {
                            x = width - 1 - v;
                            y = height - 1 - u;
                        }
                        case 8 -> {
                            x = width - 1 - v;
                            y = u;
                        }
                        default -> {
                            x = u;
                            y = v;
                        }
                    }
                    out[v * w + u] = values[y * width + x];
                }
            }
            return new Luma(w, h, out);
        }

        /** Turned half a circle: what a preview shows when it ignored an orientation of 3. */
        Luma turnedHalf() {
            return upright(3);
        }

        /** Shrunk to {@code w x h} by exact area averaging, rows first, then columns. */
        Luma shrunkTo(int w, int h) {
            float[] rows = new float[w * height];
            for (int y = 0; y < height; y++) {
                average(values, y * width, 1, width, rows, y * w, 1, w);
            }
            float[] out = new float[w * h];
            for (int x = 0; x < w; x++) {
                average(rows, x, w, height, out, x, w, h);
            }
            return new Luma(w, h, out);
        }

        boolean sameShape(Luma other) {
            return width == other.width && height == other.height;
        }
    }

    /**
     * One line of {@code n} samples (from {@code from}, every {@code stride}) averaged into {@code m}: output sample
     * {@code i} covers the input interval [i * n / m, (i + 1) * n / m), partial samples at its ends weighted.
     */
    private static void average(float[] in, int from, int stride, int n, float[] out, int to, int outStride, int m) {
        double scale = (double) n / m;
        for (int i = 0; i < m; i++) {
            double start = i * scale;
            double end = Math.min(n, (i + 1) * scale);
            int first = (int) Math.floor(start);
            int last = Math.min(n - 1, (int) Math.ceil(end) - 1);
            double sum = 0;
            double weight = 0;
            for (int k = first; k <= last; k++) {
                double w = Math.min(end, k + 1) - Math.max(start, k);
                if (w > 0) {
                    sum += w * in[from + k * stride];
                    weight += w;
                }
            }
            out[to + i * outStride] = (float) (sum / weight);
        }
    }

    /** The mean SSIM of two luma images of the same size. */
    static double ssim(Luma a, Luma b) {
        if (!a.sameShape(b)) {
            throw new IllegalArgumentException(
                    a.width() + "x" + a.height() + " against " + b.width() + "x" + b.height());
        }
        int w = a.width();
        int h = a.height();
        int n = w * h;
        float[] x = a.values();
        float[] y = b.values();
        float[] xx = new float[n];
        float[] yy = new float[n];
        float[] xy = new float[n];
        for (int i = 0; i < n; i++) {
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        int r = WINDOW.length / 2;
        float[] muX = blur(x, w, h);
        float[] muY = blur(y, w, h);
        float[] sXX = blur(xx, w, h);
        float[] sYY = blur(yy, w, h);
        float[] sXY = blur(xy, w, h);
        double sum = 0;
        long count = 0;
        for (int row = r; row < h - r; row++) {
            for (int col = r; col < w - r; col++) {
                int i = row * w + col;
                double mx = muX[i];
                double my = muY[i];
                double vx = sXX[i] - mx * mx;
                double vy = sYY[i] - my * my;
                double cov = sXY[i] - mx * my;
                sum += ((2 * mx * my + C1) * (2 * cov + C2)) / ((mx * mx + my * my + C1) * (vx + vy + C2));
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /** The Gaussian window applied at every pixel; only the values whose window fits inside are used. */
    private static float[] blur(float[] in, int w, int h) {
        int r = WINDOW.length / 2;
        float[] rows = new float[in.length];
        for (int y = 0; y < h; y++) {
            for (int x = r; x < w - r; x++) {
                float s = 0;
                for (int k = -r; k <= r; k++) {
                    s += WINDOW[k + r] * in[y * w + x + k];
                }
                rows[y * w + x] = s;
            }
        }
        float[] out = new float[in.length];
        for (int y = r; y < h - r; y++) {
            for (int x = r; x < w - r; x++) {
                float s = 0;
                for (int k = -r; k <= r; k++) {
                    s += WINDOW[k + r] * rows[(y + k) * w + x];
                }
                out[y * w + x] = s;
            }
        }
        return out;
    }

    private static float[] gaussian(int size, double sigma) {
        float[] window = new float[size];
        double sum = 0;
        for (int i = 0; i < size; i++) {
            double d = i - size / 2;
            window[i] = (float) Math.exp(-d * d / (2 * sigma * sigma));
            sum += window[i];
        }
        for (int i = 0; i < size; i++) {
            window[i] /= (float) sum;
        }
        return window;
    }
}
