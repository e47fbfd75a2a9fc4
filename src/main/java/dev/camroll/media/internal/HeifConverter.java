package dev.camroll.media.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes HEIC/HEIF pixels, for which no Java decoder exists, by running libheif's {@code heif-convert} on the
 * file into a temporary JPEG and decoding that with the {@link ImageDecoder}. libheif applies the container's
 * rotation and mirroring itself, so the result is upright. The JPEG is a full-resolution copy of the photo: it is
 * written in the work directory the caller gives (the analysis's, under the data directory), never in
 * {@code java.io.tmpdir}. A file whose size cannot be read from its layout is refused before the tool runs, and the
 * tool runs under util-linux {@code prlimit} (address space and CPU time) where that is installed.
 */
class HeifConverter {

    private static final Logger log = LoggerFactory.getLogger(HeifConverter.class);

    /** Quality of the intermediate JPEG: high enough that the preview, made from it, loses nothing visible. */
    private static final String INTERMEDIATE_QUALITY = "92";

    /** How much of the tool's output a failure reports. */
    private static final int MAX_REASON = 300;

    private final String program;

    private final Duration timeout;

    private final long maxPixels;

    private final ImageDecoder decoder;

    private final int maxSide;

    private final long memoryLimit;

    /** util-linux's {@code prlimit}, which runs the tool under a memory and CPU limit; null where there is none. */
    private final Path prlimit;

    /**
     * @param program {@code heif-convert}'s path, or its name to look up on {@code PATH}
     * @param timeout how long the conversion may take before the process is killed
     * @param maxPixels the most pixels the HEIF header may claim
     * @param decoder decodes the converted image
     */
    HeifConverter(String program, Duration timeout, long maxPixels, ImageDecoder decoder) {
        this(program, timeout, maxPixels, 65_535, 2L << 30, decoder);
    }

    /**
     * @param maxSide the longest side the HEIF header may claim
     * @param memoryLimit the address space, in bytes, the tool may use
     */
    HeifConverter(
            String program, Duration timeout, long maxPixels, int maxSide, long memoryLimit, ImageDecoder decoder) {
        this.program = program;
        this.timeout = timeout;
        this.maxPixels = maxPixels;
        this.maxSide = maxSide;
        this.memoryLimit = memoryLimit;
        this.decoder = decoder;
        this.prlimit = onPath("prlimit");
        if (prlimit == null) {
            log.warn("prlimit (util-linux) is not on PATH: heif-convert runs without a memory or CPU limit, bounded "
                    + "only by camroll.media.decode-timeout");
        }
    }

    HeifConverter(MediaAnalysisSettings settings, ImageDecoder decoder) {
        this(
                settings.heifConvert(),
                settings.decodeTimeout(),
                settings.maxPixels(),
                settings.maxSide(),
                settings.heifConvertMemory().toBytes(),
                decoder);
    }

    /**
     * The upright pixels of a HEIC/HEIF file, converted in {@code workDirectory}, which holds nothing of it afterwards.
     *
     * @throws AnalysisException {@code no-heic-decoder} when {@code heif-convert} cannot be run, {@code image-too-large}
     *     when the header claims too many pixels, {@code undecodable} when the tool fails on the file, and
     *     {@code decode-timeout} when it takes too long
     */
    ImageDecoder.Decoded decode(Path heif, Path workDirectory) throws AnalysisException {
        return convert(heif, workDirectory, converted -> decoder.decode(converted, 1));
    }

    /**
     * The work's result on the upright pixels of a HEIC/HEIF file, done as {@link ImageDecoder} does it.
     *
     * @throws AnalysisException as {@link #decode(Path, Path)}
     */
    <T> T decode(Path heif, Path workDirectory, ImageDecoder.PictureWork<T> work) throws AnalysisException {
        return convert(heif, workDirectory, converted -> decoder.decode(converted, 1, work));
    }

    private interface Decoding<T> {
        T decode(Path converted) throws AnalysisException;
    }

    private <T> T convert(Path heif, Path workDirectory, Decoding<T> decoding) throws AnalysisException {
        refuseTooLarge(heif);
        Path work;
        try {
            work = Files.createTempDirectory(workDirectory, "heif-");
        } catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for the HEIC conversion", e);
        }
        try {
            Path output = work.resolve("converted.jpg");
            Path log = work.resolve("heif-convert.log");
            run(heif, output, log);
            Path converted = converted(work, output);
            if (converted == null) {
                throw new AnalysisException(AnalysisProblem.UNDECODABLE, "heif-convert wrote no image: " + reason(log));
            }
            // Upright already: libheif has applied irot/imir, and heif-convert writes orientation 1.
            return decoding.decode(converted);
        } finally {
            deleteRecursively(work);
        }
    }

    private void run(Path heif, Path output, Path log) throws AnalysisException {
        if (prlimit != null && !runnable(program)) {
            // prlimit would start and then fail to run it: say what is missing, as a failed start would.
            throw new AnalysisException(
                    AnalysisProblem.NO_HEIC_DECODER,
                    "HEIC/HEIF needs libheif's heif-convert ('" + program + "'), which cannot be run here.");
        }
        // An argument list, never a shell: file names reach the tool as they are, whatever characters they hold.
        List<String> command = new ArrayList<>();
        if (prlimit != null) {
            // prlimit sets the limits and execs the tool: the same process, so a timeout's kill reaches the tool.
            long cpuSeconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
            command.addAll(List.of(prlimit.toString(), "--as=" + memoryLimit, "--cpu=" + cpuSeconds, "--"));
        }
        command.addAll(List.of(
                program,
                "-q",
                INTERMEDIATE_QUALITY,
                heif.toAbsolutePath().toString(),
                output.toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        // Whatever the tool or its codecs would put in a temporary directory stays with the conversion's files.
        builder.environment().put("TMPDIR", output.getParent().toAbsolutePath().toString());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new AnalysisException(
                    AnalysisProblem.NO_HEIC_DECODER,
                    "HEIC/HEIF needs libheif's heif-convert ('" + program + "'), which cannot be run here: "
                            + e.getMessage(),
                    e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new AnalysisException(
                        AnalysisProblem.DECODE_TIMEOUT,
                        "heif-convert took longer than " + timeout.toMillis() + " ms and was killed.");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AnalysisException(AnalysisProblem.DECODE_TIMEOUT, "The HEIC conversion was interrupted.", e);
        }
        if (process.exitValue() != 0) {
            throw new AnalysisException(
                    AnalysisProblem.UNDECODABLE,
                    "heif-convert failed (exit " + process.exitValue() + "): " + reason(log));
        }
    }

    /**
     * Refuses a file whose header claims too many pixels, or does not say how many, before the tool spends time and
     * memory on it: fails closed, as no size known means no limit checked.
     */
    private void refuseTooLarge(Path heif) throws AnalysisException {
        HeifLayout.Primary primary = HeifLayout.read(heif)
                .orElseThrow(() -> new AnalysisException(
                        AnalysisProblem.UNDECODABLE,
                        "The HEIF layout (primary item and its ispe size) cannot be read."));
        if (primary.width() > maxSide
                || primary.height() > maxSide
                || (long) primary.width() * primary.height() > maxPixels) {
            throw new AnalysisException(
                    AnalysisProblem.IMAGE_TOO_LARGE,
                    "The image claims " + primary.width() + " x "
                            + primary.height() + " pixels; at most " + maxPixels + " are decoded, no side over "
                            + maxSide
                            + ".");
        }
    }

    private static boolean runnable(String program) {
        return program.contains(File.separator) ? Files.isExecutable(Path.of(program)) : onPath(program) != null;
    }

    private static @Nullable Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * The image heif-convert wrote: the name asked for, or, for a file holding several images, the first of the
     * numbered ones it then writes instead.
     */
    private static @Nullable Path converted(Path work, Path output) {
        if (Files.isRegularFile(output)) {
            return output;
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(file -> file.getFileName().toString().matches("converted-\\d+\\.jpg"))
                    .sorted()
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static String reason(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            String text = new String(in.readNBytes(MAX_REASON), StandardCharsets.UTF_8)
                    .strip()
                    .replaceAll("\\s+", " ");
            return text.isEmpty() ? "no message" : text;
        } catch (IOException e) {
            return "no message";
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // Best effort: the caller removes its work directory, and start-up and the purge remove what is left.
        }
    }
}
