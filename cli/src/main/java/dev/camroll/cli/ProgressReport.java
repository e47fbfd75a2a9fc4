package dev.camroll.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of one phase (hashing, uploading): files and bytes done of a total, the rate and the time left. On a
 * terminal it is one line redrawn in place, with bars; elsewhere (a log, a pipe, {@code --no-progress}) a plain line
 * every few seconds, so a cron job's log shows that something happens without filling up.
 */
final class ProgressReport implements AutoCloseable {

    private static final int BAR = 20;

    private final PrintStream out;

    private final boolean terminal;

    private final String phase;

    private final long totalFiles;

    private final long totalBytes;

    private final AtomicLong files = new AtomicLong();

    private final AtomicLong bytes = new AtomicLong();

    private final long started = System.nanoTime();

    private final ScheduledExecutorService ticker;

    private int lastWidth;

    ProgressReport(PrintStream out, boolean terminal, String phase, long totalFiles, long totalBytes) {
        this.out = out;
        this.terminal = terminal;
        this.phase = phase;
        this.totalFiles = totalFiles;
        this.totalBytes = totalBytes;
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "camroll-progress");
            thread.setDaemon(true);
            return thread;
        });
        long period = terminal ? 250 : 5000;
        ticker.scheduleAtFixedRate(this::draw, period, period, TimeUnit.MILLISECONDS);
    }

    void fileDone() {
        files.incrementAndGet();
    }

    void bytes(long delta) {
        bytes.addAndGet(delta);
    }

    long bytesDone() {
        return bytes.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        draw();
        if (terminal) {
            out.println();
        }
        out.flush();
    }

    private synchronized void draw() {
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        long doneBytes = bytes.get();
        double rate = doneBytes / seconds;
        String eta = rate > 0 && doneBytes < totalBytes ? clock((long) ((totalBytes - doneBytes) / rate)) : "-";
        String line;
        if (terminal) {
            line = String.format(
                    Locale.ROOT,
                    "%-9s %s %d/%d files  %s %s/%s  %s/s  ETA %s",
                    phase,
                    bar(files.get(), totalFiles),
                    files.get(),
                    totalFiles,
                    bar(doneBytes, totalBytes),
                    size(doneBytes),
                    size(totalBytes),
                    size((long) rate),
                    eta);
            String padding = " ".repeat(Math.max(0, lastWidth - line.length()));
            lastWidth = line.length();
            out.print("\r" + line + padding);
        } else {
            line = String.format(
                    Locale.ROOT,
                    "%s: %d/%d files, %s/%s, %s/s, ETA %s",
                    phase,
                    files.get(),
                    totalFiles,
                    size(doneBytes),
                    size(totalBytes),
                    size((long) rate),
                    eta);
            out.println(line);
        }
        out.flush();
    }

    private static String bar(long done, long total) {
        int filled = total <= 0 ? BAR : (int) Math.min(BAR, done * BAR / total);
        return "[" + "#".repeat(filled) + "-".repeat(BAR - filled) + "]";
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    }

    private static String clock(long seconds) {
        return seconds >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
                : String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }
}
