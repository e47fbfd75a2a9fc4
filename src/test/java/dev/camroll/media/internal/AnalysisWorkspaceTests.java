package dev.camroll.media.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

import dev.camroll.media.MediaSamples;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The analysis's work files on real directories: where they go, what start-up removes (a process that is gone) and
 * keeps (a process that lives), and what a user's purge removes. Processes in other JVMs are
 * {@code AnalysisWorkFilesTests}'s part.
 */
class AnalysisWorkspaceTests {

    static final String USER = "0123456789abcdef0123456789abcdef";

    static final String OTHER_USER = "fedcba9876543210fedcba9876543210";

    @TempDir
    Path root;

    @Test
    void startingRemovesTheWorkFilesOfAProcessThatIsGoneAndStraysButNotThoseOfALiveOne() throws IOException {
        // A killed process's run: its lock file is there, but no process holds it.
        Path dead = Files.createDirectories(root.resolve("4242-deadbeef"));
        Files.createFile(dead.resolve(".lock"));
        Path copy =
                Files.write(Files.createDirectories(dead.resolve(USER + "-1")).resolve("original"), new byte[100]);
        Path stray = Files.write(root.resolve("stray.jpg"), new byte[10]);
        Path unlocked =
                Files.write(Files.createDirectories(root.resolve("no-lock")).resolve("converted.jpg"), new byte[10]);
        AnalysisWorkspace live = new AnalysisWorkspace(root);
        try (AnalysisWorkspace.Work work = live.begin(USER)) {
            Path inUse = Files.write(work.directory().resolve("original"), new byte[10]);

            AnalysisWorkspace starting = new AnalysisWorkspace(root);
            try {
                assertThat(copy).as("a copy the dead process left").doesNotExist();
                assertThat(dead).doesNotExist();
                assertThat(stray).doesNotExist();
                assertThat(unlocked).doesNotExist();
                assertThat(inUse).as("the live process's copy, in use").exists();
            } finally {
                starting.destroy();
            }
        } finally {
            live.destroy();
        }
    }

    @Test
    void aProcessThatStoppedLeavesItsRunToTheNextStart() throws IOException {
        AnalysisWorkspace stopped = new AnalysisWorkspace(root);
        AnalysisWorkspace.Work abandoned = stopped.begin(USER);
        Path left = Files.write(abandoned.directory().resolve("original"), new byte[10]);
        stopped.destroy();
        assertThat(left)
                .as("a handler the shutdown gave up on may still use it")
                .exists();

        AnalysisWorkspace next = new AnalysisWorkspace(root);
        next.destroy();

        assertThat(left).doesNotExist();
    }

    @Test
    void anAnalysisLeavesNothingWhenItEnds() throws IOException {
        AnalysisWorkspace workspace = new AnalysisWorkspace(root);
        try {
            Path directory;
            try (AnalysisWorkspace.Work work = workspace.begin(USER)) {
                directory = work.directory();
                Files.write(directory.resolve("original"), new byte[10]);
                Files.write(
                        Files.createDirectories(directory.resolve("heif-1")).resolve("converted.jpg"), new byte[10]);
                assertThat(directory.getFileName().toString()).startsWith(USER + "-");
                assertThat(directory.getParent().getParent()).isEqualTo(root.toRealPath());
            }

            assertThat(directory).doesNotExist();
            assertThat(filesUnder(root)).as("only the lock files").allMatch(file -> file.endsWith(".lock"));
        } finally {
            workspace.destroy();
        }
    }

    @Test
    void removingAUsersFilesTakesThemFromEveryRunAndLeavesOtherUsersFiles() throws IOException {
        AnalysisWorkspace one = new AnalysisWorkspace(root);
        AnalysisWorkspace two = new AnalysisWorkspace(root);
        try {
            Path first = Files.write(one.begin(USER).directory().resolve("original"), new byte[10]);
            Path second = Files.write(two.begin(USER).directory().resolve("original"), new byte[10]);
            Path others = Files.write(one.begin(OTHER_USER).directory().resolve("original"), new byte[10]);

            one.removeFilesOf(USER);

            assertThat(first).doesNotExist();
            assertThat(second).doesNotExist();
            assertThat(first.getParent()).doesNotExist();
            assertThat(others).exists();
        } finally {
            one.destroy();
            two.destroy();
        }
    }

    /**
     * ImageIO's file cache (TwelveMonkeys') unlinks its file as soon as it is open, so the directory looks empty; the
     * bytes are written to disk all the same, which this process's open files show (Linux's /proc).
     */
    @Test
    void imageIoBuffersStreamsInMemoryNeverInTemporaryFiles(@TempDir Path cache) throws IOException {
        new ImageDecoder(MediaAnalysisSettings.defaults()); // as the analysis does when the service starts
        byte[] jpeg = MediaSamples.jpeg(MediaSamples.photo(640, 480, 1));
        ImageIO.setCacheDirectory(cache.toFile()); // java.io.tmpdir, unless set: watched here alone
        try (ImageInputStream stream = ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg))) {
            stream.readFully(new byte[jpeg.length]);

            assertThat(openFiles())
                    .as("files this process has open")
                    .noneMatch(file -> file.startsWith(cache.toString()));
            try (Stream<Path> files = Files.list(cache)) {
                assertThat(files).isEmpty();
            }
        } finally {
            ImageIO.setCacheDirectory(null);
        }
    }

    private static List<String> openFiles() throws IOException {
        try (Stream<Path> descriptors = Files.list(Path.of("/proc/self/fd"))) {
            return descriptors
                    .map(descriptor -> {
                        try {
                            return Files.readSymbolicLink(descriptor).toString();
                        } catch (IOException closedMeanwhile) {
                            return "";
                        }
                    })
                    .toList();
        }
    }

    private static List<String> filesUnder(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).map(Path::toString).toList();
        }
    }
}
