package dev.camroll.media.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import dev.camroll.runtime.CamrollSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where the analysis keeps the files it needs beside the object store: the copy of an original that a store without
 * local files (S3) hands over as a stream, and heif-convert's full-resolution output. They are copies of a user's
 * photo, so they live in the data directory, never in {@code java.io.tmpdir}, where a crash would strand them out of
 * every purge's reach: {@code {data-dir}/work/analysis/{run}/{userKey}-{random}/}, one directory per analysis, named by
 * the user's random key (never the subject).
 * <p>
 * Processes may share a data directory (the filesystem store allows it on one host), so each has a run directory of
 * its own and holds a lock on it while it lives. At start-up, before any job runs, the run directories no live process
 * holds are removed: what a killed process left. The purge of a user removes the user's directories of every run.
 */
@Component
class AnalysisWorkspace implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(AnalysisWorkspace.class);

    private static final String LOCK = ".lock";

    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * The run directories of this JVM (several application contexts may run in one). They are never probed with a
     * channel: closing one would release this JVM's lock on the file, as POSIX locks belong to the process.
     */
    private static final Set<Path> LIVE_HERE = ConcurrentHashMap.newKeySet();

    private final Path root;

    private final Path run;

    private final FileChannel held;

    @Autowired
    AnalysisWorkspace(CamrollSettings camroll) {
        this(camroll.dataDir().resolve("work").resolve("analysis"));
    }

    /** Takes a run directory under {@code root} and removes the runs of processes that are gone. */
    AnalysisWorkspace(Path root) {
        try {
            this.root = Files.createDirectories(root).toRealPath();
            // One process at a time sets up or cleans up (the root's lock; threads of this JVM: the class), so none
            // is removed between creating its run directory and locking it.
            synchronized (AnalysisWorkspace.class) {
                try (FileChannel setup = FileChannel.open(
                                this.root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock setupLock = setup.lock()) {
                    this.run = Files.createDirectory(
                            this.root.resolve(ProcessHandle.current().pid() + "-" + randomHex()));
                    this.held = FileChannel.open(
                            run.resolve(LOCK), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    held.lock();
                    LIVE_HERE.add(run);
                    removeRunsOfProcessesGone();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set up the analysis work directory " + root, e);
        }
    }

    /** A place for one analysis of the user's media; close it to remove everything written there. */
    Work begin(String userKey) {
        return new Work(userKey);
    }

    /** One analysis's directory, made when first asked for. */
    final class Work implements AutoCloseable {

        private final String userKey;

        private Path directory;

        private Work(String userKey) {
            this.userKey = userKey;
        }

        /** The directory, empty when first asked for, and the user's alone. */
        Path directory() throws IOException {
            if (directory == null) {
                directory = Files.createTempDirectory(run, userKey + "-");
            }
            return directory;
        }

        @Override
        public void close() {
            if (directory == null) {
                return;
            }
            try {
                deleteRecursively(directory);
            } catch (IOException e) {
                // The next start-up of a process on this data directory, or the user's purge, removes it.
                log.warn("Could not remove the analysis work directory {}: {}", directory, e.toString());
            }
        }
    }

    /**
     * Removes the user's work files of every run on this data directory, for the user's purge, which runs once none of
     * the user's jobs runs. Another host's data directory is out of reach; a process there leaves work files only when
     * it dies, and they go when it starts again.
     */
    void removeFilesOf(String userKey) {
        try {
            for (Path runDirectory : list(root)) {
                for (Path work : list(runDirectory)) {
                    if (work.getFileName().toString().startsWith(userKey + "-")) {
                        deleteRecursively(work);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the analysis work files of a user under " + root, e);
        }
    }

    /** Lets the next process on this data directory remove what is left here. */
    @Override
    public void destroy() throws IOException {
        // The files stay: a handler the job workers gave up waiting for may still be using them, and without them it
        // would record a good photo as undecodable. The process ends soon; the next start-up removes them.
        LIVE_HERE.remove(run);
        held.close();
    }

    private void removeRunsOfProcessesGone() throws IOException {
        for (Path entry : list(root)) {
            if (entry.getFileName().toString().equals(LOCK) || isLive(entry)) {
                continue;
            }
            deleteRecursively(entry);
            log.info("Removed {}, analysis work files of a process that is gone", entry);
        }
    }

    private static boolean isLive(Path entry) throws IOException {
        if (LIVE_HERE.contains(entry)) {
            return true;
        }
        Path lock = entry.resolve(LOCK);
        if (!Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS) || !Files.isRegularFile(lock)) {
            return false; // runs lock before anything else is written (under the root's lock): not a run's
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock probe = channel.tryLock();
            if (probe == null) {
                return true; // another process holds it
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true;
        }
    }

    private static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        List<Path> paths = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            entries.forEach(paths::add);
        }
        return paths;
    }

    private static void deleteRecursively(Path path) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(path)) {
            files = walk.sorted(Comparator.reverseOrder()).toList();
        } catch (NoSuchFileException gone) {
            return;
        }
        for (Path file : files) {
            Files.deleteIfExists(file);
        }
    }

    private static String randomHex() {
        byte[] bytes = new byte[4];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
