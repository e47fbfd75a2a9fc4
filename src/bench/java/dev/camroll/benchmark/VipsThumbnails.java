package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The thumbnail benchmark's baseline: libvips' {@code vipsthumbnail} making what camroll makes of each photo, a
 * preview and a thumbnail of the same sizes and JPEG quality, with every core. Given its best configuration:
 * several files per process (its start-up costs as much as a small file's work), as many processes as cores, each
 * on every n-th file and with one vips thread ({@code VIPS_CONCURRENCY=1}; a JPEG decodes on one thread anyway),
 * shrink-on-load for JPEG (its default), and the thumbnail made from the preview, as camroll makes it, which costs a
 * fraction of a second decode of the original.
 */
final class VipsThumbnails {

    static final String COMMAND = "vipsthumbnail";

    static final String INSTALL = "apt-get install -y libvips-tools";

    /** One run over a list of files: its wall time, the processes' CPU time, and whether all went well. */
    record Run(int files, long nanos, long cpuMillis, double others, List<String> failures) {

        double photosPerSecond() {
            return files / (nanos / 1e9);
        }
    }

    private final int processes;

    private final int previewSize;

    private final int thumbnailSize;

    private final int quality;

    VipsThumbnails(int processes, int previewSize, int thumbnailSize, int quality) {
        this.processes = processes;
        this.previewSize = previewSize;
        this.thumbnailSize = thumbnailSize;
        this.quality = quality;
    }

    /** Its version line, or null when {@value #COMMAND} is not installed. */
    static String version() {
        try {
            Process process = new ProcessBuilder(COMMAND, "--vips-version")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes()).strip();
            return process.waitFor() == 0 ? output : null;
        } catch (IOException notInstalled) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The options of one output file, as vips reads them from its name. */
    String saveOptions() {
        return "[Q=" + quality + ",strip]";
    }

    /** The preview vips made of a photo in {@code out}. */
    static Path preview(Path out, BenchmarkFile photo) {
        return out.resolve(stem(photo) + "_p.jpg");
    }

    /** The thumbnail vips made of a photo in {@code out}, from its preview. */
    static Path thumbnail(Path out, BenchmarkFile photo) {
        return out.resolve(stem(photo) + "_p_t.jpg");
    }

    /** The command lines of one process's share, for the report. */
    String describe(Path out) {
        return String.format(
                Locale.ROOT,
                "VIPS_CONCURRENCY=1 %s -s %d -o '%s/%%s_p.jpg%s' FILE...; then %s -s %d -o '%s/%%s_t.jpg%s' PREVIEW...",
                COMMAND,
                previewSize,
                out.getFileName(),
                saveOptions(),
                COMMAND,
                thumbnailSize,
                out.getFileName(),
                saveOptions());
    }

    /**
     * Makes a preview and a thumbnail of every file into {@code out}, with {@link #processes} processes at once; the
     * CPU time is the children's this JVM reaped meanwhile ({@code /proc/self/stat} cutime and cstime).
     */
    Run run(List<BenchmarkFile> files, Path out) throws Exception {
        Files.createDirectories(out);
        List<List<BenchmarkFile>> shares = new ArrayList<>();
        for (int p = 0; p < Math.min(processes, files.size()); p++) {
            shares.add(new ArrayList<>());
        }
        for (int i = 0; i < files.size(); i++) {
            shares.get(i % shares.size()).add(files.get(i));
        }
        List<String> failures = new ArrayList<>();
        CpuAccount before = CpuAccount.now();
        long childrenBefore = reapedChildrenMillis();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (List<BenchmarkFile> share : shares) {
            Thread thread = new Thread(() -> {
                String failure = share(share, out);
                if (failure != null) {
                    synchronized (failures) {
                        failures.add(failure);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long nanos = System.nanoTime() - start;
        long cpu = reapedChildrenMillis() - childrenBefore;
        CpuAccount after = CpuAccount.now();
        // vips is a child of this JVM, which CpuAccount does not count as its own: take it out of the others.
        double elapsed = Math.max(1, after.elapsedMillis() - before.elapsedMillis());
        double others = Math.max(0, after.othersSince(before) - cpu / elapsed);
        for (BenchmarkFile file : files) {
            if (!Files.isRegularFile(preview(out, file)) || !Files.isRegularFile(thumbnail(out, file))) {
                failures.add("vipsthumbnail made no preview or thumbnail of " + file.name());
            }
        }
        return new Run(files.size(), nanos, cpu, others, failures);
    }

    /** One process's share: the previews, then the thumbnails from them; answers a failure or null. */
    private String share(List<BenchmarkFile> share, Path out) {
        List<String> previews = new ArrayList<>();
        List<String> originals = new ArrayList<>();
        for (BenchmarkFile file : share) {
            originals.add(file.path().toString());
            previews.add(preview(out, file).toString());
        }
        String failure = vips(previewSize, out.resolve("%s_p.jpg" + saveOptions()), originals);
        return failure != null ? failure : vips(thumbnailSize, out.resolve("%s_t.jpg" + saveOptions()), previews);
    }

    private static String vips(int size, Path output, List<String> inputs) {
        List<String> command = new ArrayList<>(List.of(COMMAND, "-s", String.valueOf(size), "-o", output.toString()));
        command.addAll(inputs);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("VIPS_CONCURRENCY", "1");
        try {
            Process process = builder.start();
            String messages = new String(process.getInputStream().readAllBytes()).strip();
            if (!process.waitFor(10, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return COMMAND + " took more than 10 minutes";
            }
            return process.exitValue() == 0
                    ? null
                    : COMMAND + " -s " + size + " exited with " + process.exitValue() + ": " + messages;
        } catch (IOException e) {
            return COMMAND + " could not start: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return COMMAND + " was interrupted";
        }
    }

    /** The user and system time of this JVM's children that have ended and been waited for, in milliseconds. */
    private static long reapedChildrenMillis() throws IOException {
        // After "(comm) ", fields 14 and 15 are cutime and cstime, in ticks of 10 ms.
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) * 10;
    }

    private static String stem(BenchmarkFile photo) {
        String name = photo.name();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(0, dot);
    }
}
