package dev.camroll.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProgressReportTests {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @Test
    void onATerminalTheLineIsRedrawnInPlaceWithBarsForFilesAndBytesTheRateAndTheTimeLeft() {
        try (ProgressReport report = report(true)) {
            report.fileDone();
            report.bytes(3 * 1024 * 1024);
        }

        String drawn = out.toString(StandardCharsets.UTF_8);
        assertThat(drawn)
                .startsWith("\r")
                .contains("uploading", "[#####---------------] 1/4 files", "[#####---------------] 3.0 MiB/12 MiB")
                .contains("/s", "ETA ")
                .endsWith(System.lineSeparator());
    }

    @Test
    void elsewhereItIsAPlainLineForALog() {
        try (ProgressReport report = report(false)) {
            report.fileDone();
            report.bytes(3 * 1024 * 1024);
        }

        assertThat(out.toString(StandardCharsets.UTF_8))
                .doesNotContain("\r", "[#")
                .startsWith("uploading: 1/4 files, 3.0 MiB/12 MiB, ")
                .contains("ETA ");
    }

    @Test
    void sizesReadLikeAPersonWouldWriteThem() {
        assertThat(ProgressReport.size(512)).isEqualTo("512 B");
        assertThat(ProgressReport.size(1536)).isEqualTo("1.5 KiB");
        assertThat(ProgressReport.size(3_000_000_000L)).isEqualTo("2.8 GiB");
        assertThat(ProgressReport.size(150L * 1024 * 1024)).isEqualTo("150 MiB");
    }

    private ProgressReport report(boolean terminal) {
        return new ProgressReport(
                new PrintStream(out, true, StandardCharsets.UTF_8), terminal, "uploading", 4, 12 * 1024 * 1024);
    }
}
