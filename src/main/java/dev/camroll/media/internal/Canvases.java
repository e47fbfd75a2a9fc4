package dev.camroll.media.internal;

import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the pixel work of one picture gets its images ({@link PreviewRenderer#RGB}). A 12 MP photo passes through
 * about 10 MB of them (the decoded raster, the preview, the steps to the thumbnail and the measures); each is larger
 * than half a G1 region of a small heap, so it would be allocated straight into the old generation, where a steady
 * stream of them sets off concurrent marking of the whole live heap every few photos. The canvases of a decoding
 * thread are reused from picture to picture instead: the n-th image a picture asks for gets the buffer the n-th
 * image of the one before had, grown when too small. They live as long as the thread; the decoding pool ends a
 * thread that was idle for a minute.
 */
final class Canvases {

    private static final ColorModel RGB_MODEL = new BufferedImage(1, 1, PreviewRenderer.RGB).getColorModel();

    private static final ThreadLocal<Canvases> OF_THREAD = ThreadLocal.withInitial(() -> new Canvases(true));

    private final boolean reused;

    private final List<byte[]> buffers = new ArrayList<>();

    private int next;

    private Canvases(boolean reused) {
        this.reused = reused;
    }

    /** Canvases that are always new: what they hold may be kept. */
    static Canvases fresh() {
        return new Canvases(false);
    }

    /**
     * The current thread's canvases, for one picture: they take back every image the thread's previous picture got,
     * so nothing drawn on them may outlive the picture's work.
     */
    static Canvases forNextPictureOfThisThread() {
        Canvases canvases = OF_THREAD.get();
        canvases.next = 0;
        return canvases;
    }

    /** An image of {@code width} x {@code height}, its pixels undefined. */
    BufferedImage rgb(int width, int height) {
        if (!reused) {
            return new BufferedImage(width, height, PreviewRenderer.RGB);
        }
        int length = Math.multiplyExact(Math.multiplyExact(width, height), 3);
        byte[] pixels = bytes(length);
        // 3 bytes a pixel in B, G, R order, rows one after another: the layout of TYPE_3BYTE_BGR, which BufferedImage
        // recognises, so drawing and the JPEG writer take their fast paths as with a new image.
        WritableRaster raster = Raster.createInterleavedRaster(
                new DataBufferByte(pixels, length), width, height, 3 * width, 3, new int[] {2, 1, 0}, null);
        return new BufferedImage(RGB_MODEL, raster, false, null);
    }

    /**
     * A byte array of at least {@code length} bytes, its contents undefined: a file read whole or a JPEG encoded into
     * memory, reused as the images are.
     */
    byte[] bytes(int length) {
        if (!reused) {
            return new byte[length];
        }
        if (next == buffers.size()) {
            buffers.add(new byte[length]);
        } else if (buffers.get(next).length < length) {
            buffers.set(next, new byte[length]);
        }
        return buffers.get(next++);
    }
}
