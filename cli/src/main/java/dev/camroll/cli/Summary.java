package dev.camroll.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * What a sync did. {@code uploaded}: files whose upload this run completed; {@code duplicates}: files the service had
 * already, or whose content another file of the folder has; {@code bytesUploaded}: bytes this run sent.
 */
record Summary(
        int files,
        int uploaded,
        int duplicates,
        List<Entry> rejected,
        List<Entry> failed,
        int ignored,
        long bytesUploaded,
        double seconds,
        boolean interrupted) {

    /** A file with why it was refused or failed ({@code reason} is the problem's slug when the service said one). */
    record Entry(String path, String reason) {}

    boolean clean() {
        return rejected.isEmpty() && failed.isEmpty() && !interrupted;
    }

    void print(PrintStream out) {
        out.printf(
                Locale.ROOT,
                "%s %d files in %.1f s%n",
                interrupted ? "Interrupted; the next run continues. Went through" : "Synced",
                files,
                seconds);
        out.printf(Locale.ROOT, "  uploaded    %6d  (%s sent)%n", uploaded, ProgressReport.size(bytesUploaded));
        out.printf(Locale.ROOT, "  duplicates  %6d%n", duplicates);
        out.printf(Locale.ROOT, "  rejected    %6d%n", rejected.size());
        rejected.forEach(entry -> out.printf(Locale.ROOT, "      %s: %s%n", entry.path(), entry.reason()));
        out.printf(Locale.ROOT, "  failed      %6d%n", failed.size());
        failed.forEach(entry -> out.printf(Locale.ROOT, "      %s: %s%n", entry.path(), entry.reason()));
        out.printf(Locale.ROOT, "  ignored     %6d  (not photos or videos)%n", ignored);
    }
}
