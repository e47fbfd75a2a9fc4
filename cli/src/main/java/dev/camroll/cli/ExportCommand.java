package dev.camroll.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code camroll export}. */
@Command(
        name = "export",
        usageHelpAutoWidth = true,
        description =
                "Download everything camroll holds about you as one JSON document: consent history with receipts, "
                        + "staff accesses, devices, media metadata, suggestions, occasions. camroll verify --export FILE "
                        + "checks its ledger offline.")
final class ExportCommand implements Callable<Integer> {

    private final Camroll camroll;

    @Option(names = "--out", paramLabel = "FILE", description = "Where to save it (default: standard output).")
    Path out;

    ExportCommand(Camroll camroll) {
        this.camroll = camroll;
    }

    @Override
    public Integer call() throws IOException {
        if (out == null) {
            camroll.client().account().export(camroll.out());
            camroll.out().flush();
            return 0;
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, ".export", ".tmp");
        try {
            try (OutputStream stream = Files.newOutputStream(temporary)) {
                camroll.client().account().export(stream);
            }
            // Only a whole export takes the name: a cut download never looks like one.
            Files.move(temporary, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
        camroll.err().println("Saved the export to " + out + " (" + ProgressReport.size(Files.size(out)) + ")");
        return 0;
    }
}
