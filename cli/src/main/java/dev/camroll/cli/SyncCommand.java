package dev.camroll.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code camroll sync DIR}. */
@Command(
        name = "sync",
        usageHelpAutoWidth = true,
        description =
                "Upload a folder's photos and videos like a phone's camera roll sync: only what the service "
                        + "does not have, resuming partial uploads. Safe to stop (Ctrl-C) and run again; nothing is sent twice.")
final class SyncCommand implements Callable<Integer> {

    private final Camroll camroll;

    @Parameters(paramLabel = "DIR", description = "The folder (searched recursively).")
    Path folder;

    @Option(
            names = "--device",
            paramLabel = "ID",
            description = "The device id this folder syncs as ([A-Za-z0-9._-], at most 64). Default: cli-HOSTNAME.")
    String device;

    @Option(
            names = "--uploads",
            paramLabel = "N",
            defaultValue = "3",
            description = "Uploads at once. Default: ${DEFAULT-VALUE}")
    int uploads;

    @Option(
            names = "--hash-threads",
            paramLabel = "N",
            description = "Files hashed at once. Default: the number of processors.")
    Integer hashThreads;

    @Option(names = "--no-progress", description = "Plain progress lines, even on a terminal.")
    boolean noProgress;

    SyncCommand(Camroll camroll) {
        this.camroll = camroll;
    }

    @Override
    public Integer call() throws InterruptedException {
        if (uploads < 1 || uploads > 32) {
            throw new IllegalArgumentException("--uploads must be between 1 and 32");
        }
        int threads = hashThreads == null ? Runtime.getRuntime().availableProcessors() : hashThreads;
        if (threads < 1) {
            throw new IllegalArgumentException("--hash-threads must be at least 1");
        }
        String deviceId = device == null ? defaultDevice() : device;
        if (!deviceId.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("--device must match [A-Za-z0-9._-]{1,64}: " + deviceId);
        }
        Hashing hashing = Hashing.load(camroll.config().stateDir().resolve("hashes.tsv"));
        SyncRun run = new SyncRun(
                camroll.client(),
                hashing,
                camroll.err(),
                camroll.terminal() && !noProgress,
                uploads,
                threads,
                camroll.interrupted);
        Summary summary = run.run(folder, deviceId);
        if (camroll.json()) {
            camroll.printJson(summary);
        } else {
            summary.print(camroll.out());
        }
        return summary.interrupted() ? Camroll.INTERRUPTED : summary.clean() ? 0 : Camroll.FAILED;
    }

    private static String defaultDevice() {
        String host = SyncRun.hostName().replaceAll("[^A-Za-z0-9._-]", "-");
        String id = "cli-" + host;
        return id.length() > 64 ? id.substring(0, 64) : id;
    }
}
