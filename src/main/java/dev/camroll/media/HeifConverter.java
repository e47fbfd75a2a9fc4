package dev.camroll.media;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decodes HEIC/HEIF pixels, for which no Java decoder exists, by running libheif's {@code heif-convert} on the
 * file into a temporary JPEG and decoding that with the {@link ImageDecoder}. libheif applies the container's
 * rotation and mirroring itself, so the result is upright. The JPEG is a full-resolution copy of the photo: it is
 * written in the work directory the caller gives (the analysis's, under the data directory), never in
 * {@code java.io.tmpdir}.
 */
class HeifConverter {

    /** Quality of the intermediate JPEG: high enough that the preview, made from it, loses nothing visible. */
    private static final String INTERMEDIATE_QUALITY = "92";

    /** How much of the tool's output a failure reports. */
    private static final int MAX_REASON = 300;

    private final String program;

    private final Duration timeout;

    private final long maxPixels;

    private final ImageDecoder decoder;

    /**
     * @param program {@code heif-convert}'s path, or its name to look up on {@code PATH}
     * @param timeout how long the conversion may take before the process is killed
     * @param maxPixels the most pixels the HEIF header may claim
     * @param decoder decodes the converted image
     */
    HeifConverter(String program, Duration timeout, long maxPixels, ImageDecoder decoder) {
        this.program = program;
        this.timeout = timeout;
        this.maxPixels = maxPixels;
        this.decoder = decoder;
    }

    HeifConverter(MediaAnalysisSettings settings, ImageDecoder decoder) {
        this(settings.heifConvert(), settings.decodeTimeout(), settings.maxPixels(), decoder);
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
        }
        catch (IOException e) {
            throw new UncheckedIOException("no temporary directory for the HEIC conversion", e);
        }
        try {
            Path output = work.resolve("converted.jpg");
            Path log = work.resolve("heif-convert.log");
            run(heif, output, log);
            Path converted = converted(work, output);
            if (converted == null) {
                throw new AnalysisException(AnalysisProblem.UNDECODABLE,
                        "heif-convert wrote no image: " + reason(log));
            }
            // Upright already: libheif has applied irot/imir, and heif-convert writes orientation 1.
            return decoding.decode(converted);
        }
        finally {
            deleteRecursively(work);
        }
    }

    private void run(Path heif, Path output, Path log) throws AnalysisException {
        // An argument list, never a shell: file names reach the tool as they are, whatever characters they hold.
        ProcessBuilder builder = new ProcessBuilder(List.of(program, "-q", INTERMEDIATE_QUALITY,
                heif.toAbsolutePath().toString(), output.toAbsolutePath().toString()))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
        // Whatever the tool or its codecs would put in a temporary directory stays with the conversion's files.
        builder.environment().put("TMPDIR", output.getParent().toAbsolutePath().toString());
        Process process;
        try {
            process = builder.start();
        }
        catch (IOException e) {
            throw new AnalysisException(AnalysisProblem.NO_HEIC_DECODER, "HEIC/HEIF needs libheif's heif-convert ('"
                    + program + "'), which cannot be run here: " + e.getMessage(), e);
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new AnalysisException(AnalysisProblem.DECODE_TIMEOUT,
                        "heif-convert took longer than " + timeout.toMillis() + " ms and was killed.");
            }
        }
        catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AnalysisException(AnalysisProblem.DECODE_TIMEOUT, "The HEIC conversion was interrupted.", e);
        }
        if (process.exitValue() != 0) {
            throw new AnalysisException(AnalysisProblem.UNDECODABLE,
                    "heif-convert failed (exit " + process.exitValue() + "): " + reason(log));
        }
    }

    /** Refuses a file whose header claims too many pixels, before the tool spends time and memory on it. */
    private void refuseTooLarge(Path heif) throws AnalysisException {
        // Without a readable layout the tool's own limits decide, and the decoder checks the converted image.
        HeifLayout.Primary primary = HeifLayout.read(heif).orElse(null);
        if (primary != null && (long) primary.width() * primary.height() > maxPixels) {
            throw new AnalysisException(AnalysisProblem.IMAGE_TOO_LARGE, "The image claims " + primary.width() + " x "
                    + primary.height() + " pixels; at most " + maxPixels + " are decoded.");
        }
    }

    /**
     * The image heif-convert wrote: the name asked for, or, for a file holding several images, the first of the
     * numbered ones it then writes instead.
     */
    private static Path converted(Path work, Path output) {
        if (Files.isRegularFile(output)) {
            return output;
        }
        try (Stream<Path> files = Files.list(work)) {
            return files.filter(file -> file.getFileName().toString().matches("converted-\\d+\\.jpg"))
                .sorted()
                .findFirst()
                .orElse(null);
        }
        catch (IOException e) {
            return null;
        }
    }

    private static String reason(Path log) {
        try (InputStream in = Files.newInputStream(log)) {
            String text = new String(in.readNBytes(MAX_REASON), StandardCharsets.UTF_8).strip().replaceAll("\\s+", " ");
            return text.isEmpty() ? "no message" : text;
        }
        catch (IOException e) {
            return "no message";
        }
    }

    private static File nullDevice() {
        return new File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
        }
        catch (IOException e) {
            // Best effort: the caller removes its work directory, and start-up and the purge remove what is left.
        }
    }
}
