package dev.camroll.benchmark;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The raw limit an upload's bytes can reach on this filesystem: read the file, SHA-256 it and write it to a new file
 * in the service's data directory, forced to disk once at the end. The same work the service does for a PATCH, minus
 * HTTP, the checkpoints and the database. The loop is the one the filesystem store uses (a 64 KiB buffer, the
 * store's {@code FilesystemObjectStore.BUFFER_SIZE}, written through a {@link FileChannel}).
 */
final class RawDiskPath {

    static final int BUFFER_SIZE = 64 * 1024;

    private final Path directory;

    private final List<Path> copies = new ArrayList<>();

    RawDiskPath(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
    }

    /** read + SHA-256 + write + fsync; answers the nanoseconds it took. */
    long copy(BenchmarkFile file) throws IOException {
        return pass(file, true, true);
    }

    /** read + SHA-256 only: what hashing costs on this CPU (the file is in the page cache). */
    long hash(BenchmarkFile file) throws IOException {
        return pass(file, true, false);
    }

    /** read + write + fsync only: what the disk costs. */
    long write(BenchmarkFile file) throws IOException {
        return pass(file, false, true);
    }

    /**
     * Removes the copies made so far; not in a measurement's time, as deleting makes the filesystem work. Called once
     * a phase ends, not after each file: the service keeps every upload, and on a virtual machine writing into memory
     * just freed by a deleted copy costs a fraction of writing into fresh memory (docs/benchmarks.md).
     */
    void clear() throws IOException {
        for (Path copy : copies) {
            Files.delete(copy);
        }
        copies.clear();
    }

    private long pass(BenchmarkFile file, boolean hash, boolean write) throws IOException {
        MessageDigest digest = hash ? BenchmarkFile.newDigest() : null;
        Path target = write ? directory.resolve(file.name() + "." + copies.size()) : null;
        byte[] buffer = new byte[BUFFER_SIZE];
        long start = System.nanoTime();
        try (InputStream in = Files.newInputStream(file.path());
                FileChannel out = target == null
                        ? null
                        : FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            int read;
            while ((read = in.read(buffer)) >= 0) {
                if (digest != null) {
                    digest.update(buffer, 0, read);
                }
                if (out != null) {
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
                    while (bytes.hasRemaining()) {
                        out.write(bytes);
                    }
                }
            }
            if (out != null) {
                out.force(true);
            }
        }
        long nanos = System.nanoTime() - start;
        if (target != null) {
            copies.add(target);
        }
        if (digest != null && !HexFormat.of().formatHex(digest.digest()).equals(file.sha256())) {
            throw new IllegalStateException("the raw path read " + file.name() + " wrong");
        }
        return nanos;
    }
}
