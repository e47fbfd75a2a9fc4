package dev.camroll.media.internal;

import java.io.File;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * libjpeg-turbo through its own Java binding (Debian packages libturbojpeg-java and libturbojpeg0, see
 * docs/decisions/0017-libjpeg-turbo-for-jpegs.md): decodes a JPEG scaled in the DCT domain to 1/2, 1/4 or 1/8 (the
 * shrink-on-load libvips does), and encodes previews, both with SIMD, where the JDK's bundled libjpeg 6b decodes every
 * pixel of a 12 MP photo without it. Reached by reflection from the installed jar, so neither the build nor a machine
 * without the packages needs it; there the decoder and renderer keep to ImageIO.
 */
final class TurboJpeg {

    private static final Logger log = LoggerFactory.getLogger(TurboJpeg.class);

    /** Where Debian's libturbojpeg-java installs the binding. */
    static final Path DEBIAN_JAR = Path.of("/usr/share/java/turbojpeg.jar");

    // The binding's constants (org.libjpegturbo.turbojpeg.TJ), stable across its releases.
    private static final int PF_BGR = 1;

    private static final int SAMP_420 = 2;

    private static final int CS_YCBCR = 1;

    private static final int CS_GRAY = 2;

    private static final int ERR_WARNING = 0;

    /** At most 500 progressive scans: a file of thousands of tiny scans costs minutes of CPU for one picture. */
    private static final int FLAG_LIMITSCANS = 32768;

    private static final MethodType CONSTRUCTED = MethodType.methodType(void.class);

    private final MethodHandle newDecompressor;

    private final MethodHandle width;

    private final MethodHandle height;

    private final MethodHandle colorspace;

    private final MethodHandle decompress;

    private final MethodHandle closeDecompressor;

    private final MethodHandle newCompressor;

    private final MethodHandle setSubsamp;

    private final MethodHandle setQuality;

    private final MethodHandle compress;

    private final MethodHandle bufferSize;

    private final MethodHandle compressedSize;

    private final MethodHandle closeCompressor;

    private final Class<?> exception;

    private final MethodHandle errorCode;

    private static final class Installed {

        static final @Nullable TurboJpeg INSTANCE = load(DEBIAN_JAR);
    }

    private TurboJpeg(ClassLoader loader) throws ReflectiveOperationException {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Class<?> decompressor = Class.forName("org.libjpegturbo.turbojpeg.TJDecompressor", true, loader);
        Class<?> compressor = Class.forName("org.libjpegturbo.turbojpeg.TJCompressor", true, loader);
        exception = Class.forName("org.libjpegturbo.turbojpeg.TJException", true, loader);
        newDecompressor =
                lookup.findConstructor(decompressor, CONSTRUCTED.appendParameterTypes(byte[].class, int.class));
        width = lookup.findVirtual(decompressor, "getWidth", MethodType.methodType(int.class));
        height = lookup.findVirtual(decompressor, "getHeight", MethodType.methodType(int.class));
        colorspace = lookup.findVirtual(decompressor, "getColorspace", MethodType.methodType(int.class));
        decompress = lookup.findVirtual(
                decompressor,
                "decompress",
                MethodType.methodType(
                        void.class,
                        byte[].class,
                        int.class,
                        int.class,
                        int.class,
                        int.class,
                        int.class,
                        int.class,
                        int.class));
        closeDecompressor = lookup.findVirtual(decompressor, "close", MethodType.methodType(void.class));
        newCompressor = lookup.findConstructor(
                compressor,
                CONSTRUCTED.appendParameterTypes(
                        byte[].class, int.class, int.class, int.class, int.class, int.class, int.class));
        setSubsamp = lookup.findVirtual(compressor, "setSubsamp", MethodType.methodType(void.class, int.class));
        setQuality = lookup.findVirtual(compressor, "setJPEGQuality", MethodType.methodType(void.class, int.class));
        compress =
                lookup.findVirtual(compressor, "compress", MethodType.methodType(void.class, byte[].class, int.class));
        bufferSize = lookup.findStatic(
                Class.forName("org.libjpegturbo.turbojpeg.TJ", true, loader),
                "bufSize",
                MethodType.methodType(int.class, int.class, int.class, int.class));
        compressedSize = lookup.findVirtual(compressor, "getCompressedSize", MethodType.methodType(int.class));
        closeCompressor = lookup.findVirtual(compressor, "close", MethodType.methodType(void.class));
        errorCode = lookup.findVirtual(exception, "getErrorCode", MethodType.methodType(int.class));
    }

    /** The installed binding, or null (said once in the log) when the Debian packages are missing. */
    static @Nullable TurboJpeg installed() {
        return Installed.INSTANCE;
    }

    /** The binding in {@code jar} with its native library, or null when either is missing or does not load. */
    static @Nullable TurboJpeg load(Path jar) {
        if (!Files.isRegularFile(jar)) {
            log.warn(
                    "{} is missing: JPEGs are decoded and previews encoded with ImageIO, at about twice the CPU per "
                            + "photo. Install the Debian packages libturbojpeg-java and libturbojpeg0.",
                    jar);
            return null;
        }
        try {
            TurboJpeg turbo = new TurboJpeg(new NativeLoader(jar));
            turbo.selfTest();
            return turbo;
        } catch (ReflectiveOperationException | LinkageError | RuntimeException | MalformedURLException e) {
            log.warn(
                    "libjpeg-turbo's Java binding in {} does not load ({}): JPEGs are decoded and previews encoded "
                            + "with ImageIO, at about twice the CPU per photo.",
                    jar,
                    e.toString());
            return null;
        }
    }

    /** A JPEG's header, read from the bytes without decoding any pixels. */
    final class Header implements AutoCloseable {

        private final Object decompressor;

        final int width;

        final int height;

        /** Whether its colours are YCbCr or grey, the JPEGs this path decodes (CMYK and the like go to ImageIO). */
        final boolean usual;

        private Header(Object decompressor) throws Throwable {
            this.decompressor = decompressor;
            this.width = (int) TurboJpeg.this.width.invoke(decompressor);
            this.height = (int) TurboJpeg.this.height.invoke(decompressor);
            int space = (int) colorspace.invoke(decompressor);
            this.usual = space == CS_YCBCR || space == CS_GRAY;
        }

        /**
         * Decodes the picture scaled to {@code scaledWidth} x {@code scaledHeight} (what {@link #scale} gives) into
         * {@code pixels} as rows of B, G, R bytes.
         *
         * @return the decoder's warning (the picture was decoded, perhaps with grey where data was missing), or null
         * @throws Failure when it could not decode the picture at all
         */
        @Nullable
        String decode(byte[] pixels, int scaledWidth, int scaledHeight) throws Failure {
            try {
                decompress.invoke(
                        decompressor,
                        pixels,
                        0,
                        0,
                        scaledWidth,
                        3 * scaledWidth,
                        scaledHeight,
                        PF_BGR,
                        FLAG_LIMITSCANS);
                return null;
            } catch (Throwable e) {
                return warningOrThrow(e);
            }
        }

        @Override
        public void close() {
            try {
                closeDecompressor.invoke(decompressor);
            } catch (Throwable e) {
                // Only frees the native handle; nothing to report.
            }
        }
    }

    /** The decoder could not read the file; its message says why. */
    static final class Failure extends Exception {

        Failure(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * The header of the JPEG in the first {@code length} bytes of {@code jpeg}.
     *
     * @throws Failure when it is not a JPEG the library can read
     */
    Header header(byte[] jpeg, int length) throws Failure {
        try {
            return new Header(newDecompressor.invoke(jpeg, length));
        } catch (Throwable e) {
            throw failure(e);
        }
    }

    /**
     * The largest reduction the decoder makes for free (1, 2, 4 or 8: it then computes only the low frequencies of
     * each 8 x 8 block) that leaves the longest side at least {@code target}.
     */
    static int scale(int width, int height, int target) {
        int longest = Math.max(width, height);
        int scale = 1;
        while (scale < 8 && ceilDiv(longest, scale * 2) >= target) {
            scale *= 2;
        }
        return scale;
    }

    /** A side of the picture decoded at 1/{@code scale}, as libjpeg rounds it. */
    static int scaled(int side, int scale) {
        return ceilDiv(side, scale);
    }

    /**
     * Baseline JPEG bytes (4:2:0, libjpeg's quality scale 1 to 100) of {@code width} x {@code height} BGR rows,
     * encoded into a buffer of {@code canvases}.
     */
    byte[] encode(byte[] pixels, int width, int height, int quality, Canvases canvases) {
        try {
            Object compressor = newCompressor.invoke(pixels, 0, 0, width, 3 * width, height, PF_BGR);
            try {
                setSubsamp.invoke(compressor, SAMP_420);
                setQuality.invoke(compressor, quality);
                byte[] buffer = canvases.bytes((int) bufferSize.invoke(width, height, SAMP_420));
                compress.invoke(compressor, buffer, 0);
                return Arrays.copyOf(buffer, (int) compressedSize.invoke(compressor));
            } finally {
                closeCompressor.invoke(compressor);
            }
        } catch (Throwable e) {
            throw new IllegalStateException("libjpeg-turbo failed to encode a preview", e);
        }
    }

    /** A decode and an encode of a tiny picture, so a binding that loads but cannot work is found at start-up. */
    private void selfTest() {
        byte[] pixels = new byte[16 * 16 * 3];
        byte[] jpeg = encode(pixels, 16, 16, 85, Canvases.fresh());
        try (Header header = header(jpeg, jpeg.length)) {
            if (header.width != 16 || header.height != 16 || header.decode(pixels, 16, 16) != null) {
                throw new IllegalStateException("libjpeg-turbo's self-test decoded the wrong picture");
            }
        } catch (Failure e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private @Nullable String warningOrThrow(Throwable e) throws Failure {
        if (exception.isInstance(e)) {
            try {
                if ((int) errorCode.invoke(e) == ERR_WARNING) {
                    return String.valueOf(e.getMessage());
                }
            } catch (Throwable ignored) {
                // Not a code we can read: a failure, as below.
            }
        }
        throw failure(e);
    }

    private Failure failure(Throwable e) {
        if (e instanceof Error error && !(e instanceof OutOfMemoryError)) {
            throw error;
        }
        return new Failure(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), e);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Defines the binding's classes, and gives its {@code System.loadLibrary("turbojpeg")} Debian's versioned
     * library: the unversioned name it asks for is only in the -dev package.
     */
    private static final class NativeLoader extends URLClassLoader {

        NativeLoader(Path jar) throws MalformedURLException {
            super(new URL[] {jar.toUri().toURL()}, TurboJpeg.class.getClassLoader());
        }

        @Override
        protected @Nullable String findLibrary(String name) {
            if ("turbojpeg".equals(name)) {
                for (String directory :
                        System.getProperty("java.library.path", "").split(File.pathSeparator)) {
                    if (directory.isEmpty()) {
                        continue;
                    }
                    for (String file : new String[] {"libturbojpeg.so.0", "libturbojpeg.so"}) {
                        // Debian's JNI directory is .../jni beside the libraries themselves.
                        for (Path candidate : new Path[] {
                            Path.of(directory, file), Path.of(directory).resolveSibling(file)
                        }) {
                            if (Files.isRegularFile(candidate)) {
                                return candidate.toAbsolutePath().toString();
                            }
                        }
                    }
                }
            }
            return super.findLibrary(name);
        }
    }
}
