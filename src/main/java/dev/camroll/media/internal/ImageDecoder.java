package dev.camroll.media.internal;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

import org.jspecify.annotations.Nullable;

/**
 * Decodes a JPEG, PNG, WebP or GIF into its upright picture at preview size, refusing what would harm the worker: too
 * many pixels (from the header, before any decoding), damaged data, or a decode that takes too long. JPEGs go through
 * libjpeg-turbo when it is installed ({@link TurboJpeg}), which decodes them scaled down in the DCT domain; everything
 * else, and every JPEG it does not take, through ImageIO.
 */
class ImageDecoder {

    static {
        // ImageIO finds plugins (TwelveMonkeys JPEG and WebP) through the context class loader of the thread that
        // first touches it; inside a packaged application that may not see the application's jars, so look again.
        ImageIO.scanForPlugins();
        // ImageIO would otherwise buffer every stream it reads (a preview fetched from the store, for a collage) in a
        // file in java.io.tmpdir, out of reach of start-up and the purge if the process dies. Files are read in place
        // either way; a stream is then buffered in memory, and what is read from streams here is previews.
        ImageIO.setUseCache(false);
    }

    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * At most {@code threads} decodes, abandoned ones included: a decode holds its permit until it has really
     * stopped, so decodes that ignore their abort cannot pile up threads and memory.
     */
    private final Semaphore permits;

    /** Daemon threads, so an abandoned decode stuck in native code never keeps the JVM from exiting. */
    private final ThreadPoolExecutor decoding;

    private final long maxPixels;

    private final int maxSide;

    private final Duration timeout;

    private final int targetSize;

    private final @Nullable TurboJpeg turbo;

    /** Files larger than this are streamed through ImageIO rather than read whole into memory for libjpeg-turbo. */
    private static final long MAX_JPEG_IN_MEMORY = 32L << 20;

    /**
     * @param maxPixels the most pixels an image may claim in its header
     * @param timeout how long one decode may take
     * @param targetSize the longest side of the decoded picture (unless the image is smaller): the preview's size
     */
    ImageDecoder(long maxPixels, Duration timeout, int targetSize) {
        this(maxPixels, 65_535, timeout, targetSize, 4);
    }

    /**
     * @param maxSide the longest side an image may claim
     * @param threads how many decodes may run at once, abandoned ones included
     */
    ImageDecoder(long maxPixels, int maxSide, Duration timeout, int targetSize, int threads) {
        this(maxPixels, maxSide, timeout, targetSize, threads, TurboJpeg.installed());
    }

    /** @param turbo libjpeg-turbo for JPEGs, or null for ImageIO alone */
    ImageDecoder(
            long maxPixels, int maxSide, Duration timeout, int targetSize, int threads, @Nullable TurboJpeg turbo) {
        this.turbo = turbo;
        this.maxPixels = maxPixels;
        this.maxSide = maxSide;
        this.timeout = timeout;
        this.targetSize = targetSize;
        this.permits = new Semaphore(threads);
        // The permits bound what is submitted, so the queue only bridges a thread's return to the pool.
        this.decoding = new ThreadPoolExecutor(
                threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(threads), task -> {
                    Thread thread = new Thread(task, "image-decode-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.decoding.allowCoreThreadTimeOut(true);
    }

    ImageDecoder(MediaAnalysisSettings settings) {
        this(settings, TurboJpeg.installed());
    }

    ImageDecoder(MediaAnalysisSettings settings, @Nullable TurboJpeg turbo) {
        this(
                settings.maxPixels(),
                settings.maxSide(),
                settings.decodeTimeout(),
                settings.previewSize(),
                settings.decodeThreads(),
                turbo);
    }

    /**
     * An image as decoded: its upright picture at preview size (opaque sRGB), the size of the stored image it came
     * from, and the reduction the decoder made (1/{@code subsampling}: every n-th pixel with ImageIO, the low
     * frequencies of each block with libjpeg-turbo).
     */
    record Decoded(BufferedImage image, int storedWidth, int storedHeight, int subsampling, int orientation) {

        /** The stored image's width as it is shown, upright. */
        int displayedWidth() {
            return Orientation.swapsSides(orientation) ? storedHeight : storedWidth;
        }

        /** The stored image's height as it is shown, upright. */
        int displayedHeight() {
            return Orientation.swapsSides(orientation) ? storedWidth : storedHeight;
        }
    }

    /** Work on a decoded picture, done on the decoding thread within the decode's time limit. */
    @FunctionalInterface
    interface PictureWork<T> {

        /**
         * What to make of the picture; its image lives on {@code canvases}, which the same thread reuses for its next
         * picture, so neither it nor anything else drawn on them may be part of the result.
         */
        T apply(Decoded decoded, Canvases canvases);
    }

    /**
     * Decodes the image in {@code file}, turns it upright by the EXIF {@code orientation} (1..8; anything else
     * leaves it as stored) and scales it to the target size.
     *
     * @throws AnalysisException {@code image-too-large}, {@code undecodable} or {@code decode-timeout}
     */
    Decoded decode(Path file, int orientation) throws AnalysisException {
        return decode(file, orientation, Canvases.fresh(), (decoded, canvases) -> decoded);
    }

    /**
     * Decodes the image in {@code file} as {@link #decode(Path, int)} does and does {@code work} on it, all on the
     * decoding thread and on its reused canvases: the time limit covers both.
     *
     * @throws AnalysisException {@code image-too-large}, {@code undecodable} or {@code decode-timeout}
     */
    <T> T decode(Path file, int orientation, PictureWork<T> work) throws AnalysisException {
        return decode(file, orientation, null, work);
    }

    private <T> T decode(Path file, int orientation, Canvases fresh, PictureWork<T> work) throws AnalysisException {
        AtomicReference<ImageReader> reading = new AtomicReference<>();
        AtomicBoolean abandoned = new AtomicBoolean();
        try {
            if (!permits.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                // Every thread holds a decode, abandoned ones still stopping: not this file's fault, so a retry.
                throw new IllegalStateException("No image decoder free within " + timeout.toMillis() + " ms.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for an image decoder.", e);
        }
        FutureTask<T> decoding = new FutureTask<>(() -> {
            Canvases canvases = fresh != null ? fresh : Canvases.forNextPictureOfThisThread();
            Decoded stored = read(file, reading, abandoned, canvases);
            BufferedImage upright = PreviewRenderer.fit(stored.image(), targetSize, orientation, canvases);
            return work.apply(
                    new Decoded(
                            upright, stored.storedWidth(), stored.storedHeight(), stored.subsampling(), orientation),
                    canvases);
        });
        try {
            // The permit goes back when the thread is done with the decode, even one cancelled before it started.
            this.decoding.execute(() -> {
                try {
                    decoding.run();
                } finally {
                    permits.release();
                }
            });
        } catch (RejectedExecutionException e) {
            permits.release();
            throw new IllegalStateException("No image decoder free.", e);
        }
        try {
            return decoding.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            // abort() is the reader's own way to stop between scanlines (a reader not yet chosen is aborted as soon
            // as it is); the interrupt stops waits. A reader that honours neither finishes on its daemon thread and
            // its result is dropped.
            abandoned.set(true);
            ImageReader reader = reading.get();
            if (reader != null) {
                reader.abort();
            }
            decoding.cancel(true);
            throw new AnalysisException(
                    AnalysisProblem.DECODE_TIMEOUT,
                    "Decoding took longer than " + timeout.toMillis() + " ms and was abandoned.");
        } catch (ExecutionException e) {
            // Reading turns every failure of the file into an AnalysisException; anything else failed in our own work.
            if (e.getCause() instanceof AnalysisException problem) {
                throw problem;
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (CancellationException e) {
            throw undecodable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            decoding.cancel(true);
            throw new AnalysisException(AnalysisProblem.DECODE_TIMEOUT, "Decoding was interrupted.", e);
        }
    }

    private Decoded read(Path file, AtomicReference<ImageReader> reading, AtomicBoolean abandoned, Canvases canvases)
            throws AnalysisException {
        if (turbo != null) {
            try {
                Decoded decoded = readJpeg(turbo, file, canvases);
                if (decoded != null) {
                    return decoded;
                }
            } catch (IOException | RuntimeException e) {
                throw undecodable(e);
            } catch (OutOfMemoryError e) {
                throw undecodable(e);
            }
        }
        try (ImageInputStream input = ImageIO.createImageInputStream(file.toFile())) {
            if (input == null) {
                throw new AnalysisException(AnalysisProblem.UNDECODABLE, "The file cannot be opened as an image.");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
            if (!readers.hasNext()) {
                throw new AnalysisException(AnalysisProblem.UNDECODABLE, "No image format we decode.");
            }
            ImageReader reader = readers.next();
            reading.set(reader);
            if (abandoned.get()) {
                reader.abort();
            }
            try {
                return read(reader, input, canvases);
            } finally {
                reader.dispose();
            }
        } catch (AnalysisException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw undecodable(e);
        } catch (OutOfMemoryError | StackOverflowError e) {
            // The pixel limit makes this unlikely; if a decoder still fails one allocation, that one file fails.
            throw undecodable(e);
        }
    }

    private Decoded read(ImageReader reader, ImageInputStream input, Canvases canvases)
            throws IOException, AnalysisException {
        // Forward-only and without metadata: the reader keeps nothing it does not need to produce the pixels.
        reader.setInput(input, true, true);
        int width = reader.getWidth(0);
        int height = reader.getHeight(0);
        if (width <= 0 || height <= 0) {
            throw new AnalysisException(AnalysisProblem.UNDECODABLE, "The header states no size.");
        }
        checkSize(width, height);
        int subsampling = subsampling(width, height, targetSize);
        ImageReadParam param = reader.getDefaultReadParam();
        // Whole-number subsampling: every n-th pixel of every n-th row, decoded straight into the small raster,
        // so a 12 MP photo never exists at full size in memory. The result keeps at least targetSize pixels.
        param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        ImageTypeSpecifier raw = reader.getRawImageType(0);
        if (raw != null && raw.getBufferedImageType() == PreviewRenderer.RGB) {
            // The layout the reader makes anyway (colour JPEGs), so it can decode onto a canvas.
            param.setDestination(
                    canvases.rgb((width + subsampling - 1) / subsampling, (height + subsampling - 1) / subsampling));
        }
        List<String> warnings = new ArrayList<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
        BufferedImage image = reader.read(0, param);
        for (String warning : warnings) {
            refuseTruncated(warning);
        }
        return new Decoded(image, width, height, subsampling, 1);
    }

    /**
     * A JPEG decoded by libjpeg-turbo at the smallest of 1/1, 1/2, 1/4 and 1/8 that keeps the target size, straight
     * onto a canvas; null when ImageIO is to decode the file instead: not a JPEG, too large to read whole, CMYK, with
     * an ICC profile (ImageIO's TwelveMonkeys reader converts those to sRGB), or not readable by libjpeg-turbo (so
     * what fails, fails as it always did).
     */
    private @Nullable Decoded readJpeg(TurboJpeg turbo, Path file, Canvases canvases)
            throws IOException, AnalysisException {
        long size = Files.size(file);
        if (size < 4 || size > MAX_JPEG_IN_MEMORY) {
            return null;
        }
        byte[] jpeg = canvases.bytes((int) size);
        int length;
        try (InputStream in = Files.newInputStream(file)) {
            length = in.readNBytes(jpeg, 0, (int) size);
        }
        if ((jpeg[0] & 0xff) != 0xff || (jpeg[1] & 0xff) != 0xd8 || hasIccProfile(jpeg, length)) {
            return null;
        }
        try (TurboJpeg.Header header = turbo.header(jpeg, length)) {
            if (!header.usual || header.width <= 0 || header.height <= 0) {
                return null;
            }
            checkSize(header.width, header.height);
            int scale = TurboJpeg.scale(header.width, header.height, targetSize);
            int width = TurboJpeg.scaled(header.width, scale);
            int height = TurboJpeg.scaled(header.height, scale);
            BufferedImage image = canvases.rgb(width, height);
            String warning =
                    header.decode(((DataBufferByte) image.getRaster().getDataBuffer()).getData(), width, height);
            if (warning != null) {
                refuseTruncated(warning);
            }
            return new Decoded(image, header.width, header.height, scale, 1);
        } catch (TurboJpeg.Failure e) {
            return null;
        }
    }

    /** Whether the JPEG's segments before its image data hold an ICC profile (APP2 "ICC_PROFILE"). */
    static boolean hasIccProfile(byte[] jpeg, int length) {
        byte[] name = "ICC_PROFILE\0".getBytes(StandardCharsets.US_ASCII);
        int at = 2;
        while (at + 4 <= length && (jpeg[at] & 0xff) == 0xff) {
            int marker = jpeg[at + 1] & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                return false; // image data (or the end): no segment after it counts
            }
            int segment = ((jpeg[at + 2] & 0xff) << 8) | (jpeg[at + 3] & 0xff);
            if (marker == 0xe2
                    && segment >= 2 + name.length
                    && at + 4 + name.length <= length
                    && Arrays.equals(jpeg, at + 4, at + 4 + name.length, name, 0, name.length)) {
                return true;
            }
            at += 2 + segment;
        }
        return false;
    }

    private void checkSize(int width, int height) throws AnalysisException {
        if (width > maxSide || height > maxSide) {
            // A decoder holds whole rows (and some whole columns): a side alone can cost what max-pixels would refuse.
            throw new AnalysisException(
                    AnalysisProblem.IMAGE_TOO_LARGE,
                    "The image claims " + width + " x " + height + " pixels; no side may be longer than " + maxSide
                            + ".");
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new AnalysisException(
                    AnalysisProblem.IMAGE_TOO_LARGE,
                    "The image claims " + width + " x " + height + " pixels; at most " + maxPixels + " are decoded.");
        }
    }

    /**
     * libjpeg reports a truncated file as a warning and fills the rest with grey; a preview half grey is not the
     * photo, so it counts as damaged. Other warnings (stray bytes before a marker) are harmless.
     */
    private static void refuseTruncated(String warning) throws AnalysisException {
        String text = warning.toLowerCase(Locale.ROOT);
        if (text.contains("premature end") || text.contains("truncated") || text.contains("unexpected end")) {
            throw new AnalysisException(AnalysisProblem.UNDECODABLE, "The image data is truncated: " + warning);
        }
    }

    /** The largest whole-number step that still leaves the longest side at least {@code target} pixels. */
    static int subsampling(int width, int height, int target) {
        return Math.max(1, Math.max(width, height) / target);
    }

    private static AnalysisException undecodable(Throwable cause) {
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (cause instanceof IIOException
                && cause.getCause() != null
                && cause.getCause().getMessage() != null) {
            detail = detail + ": " + cause.getCause().getMessage();
        }
        if (detail.length() > 200) {
            detail = detail.substring(0, 200) + "...";
        }
        return new AnalysisException(AnalysisProblem.UNDECODABLE, "The image cannot be decoded: " + detail, cause);
    }
}
