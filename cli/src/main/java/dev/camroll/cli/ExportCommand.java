package dev.camroll.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        // Only a whole export takes the name: a cut download never looks like one.
        WholeFile.write(out, stream -> camroll.client().account().export(stream));
        camroll.err().println("Saved the export to " + out + " (" + ProgressReport.size(Files.size(out)) + ")");
        return 0;
    }
}
