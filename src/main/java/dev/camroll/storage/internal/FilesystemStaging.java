package dev.camroll.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;

import dev.camroll.storage.AppendResult;
import dev.camroll.storage.ObjectInfo;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.StagedState;
import dev.camroll.storage.Staging;

/**
 * Staging on the filesystem: an append-only file at {@code {objects}/{stagingKey}} in the shared data directory,
 * forced to disk before an append returns, and renamed to the final key on completion. The file's length beyond
 * the state's length is never trusted: it can only be bytes of an append whose new state was not stored (a crash,
 * a lost race), and the next append or the completion cuts them off.
 */
final class FilesystemStaging implements Staging {

    /** The filesystem keeps nothing beyond the length: the file is the state. */
    static final String BACKEND = "{\"store\":\"filesystem\"}";

    private final FilesystemObjectStore store;

    FilesystemStaging(FilesystemObjectStore store) {
        this.store = store;
    }

    @Override
    public StagedState begin(String stagingKey, String finalKey) {
        ObjectKeys.requireStagingKey(stagingKey);
        ObjectKeys.requireFinalKey(finalKey);
        Path file = store.path(stagingKey);
        // An empty file promises nothing, so it is not forced to disk: should the machine lose it, the first append
        // makes it again (a disk flush less per upload). Renamed into place, it replaces any leftover at once.
        Path temp = store.createTempFile(file);
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            FilesystemObjectStore.deleteQuietly(temp);
            throw new UncheckedIOException("cannot begin staging at " + stagingKey, e);
        }
        return new StagedState(stagingKey, finalKey, 0, BACKEND);
    }

    @Override
    public AppendResult append(StagedState state, InputStream content) {
        Path file = stagedFile(state);
        try (FileChannel channel = open(state, file);
                FileLock lock = lock(state, channel)) {
            trimTo(state, channel);
            long position = state.length();
            IOException sourceFailure = null;
            byte[] buffer = new byte[FilesystemObjectStore.BUFFER_SIZE];
            try {
                boolean ended = false;
                while (!ended && sourceFailure == null) {
                    // Filled before it is written: a request body yields what the connector's socket buffer holds
                    // (8 KiB in Tomcat), and writing each piece as it came took eight times the write calls; filling
                    // first cut the service's CPU time per upload by about a fifth (docs/benchmarks.md, uploads).
                    int filled = 0;
                    try {
                        while (filled < buffer.length) {
                            int read = content.read(buffer, filled, buffer.length - filled);
                            if (read < 0) {
                                ended = true;
                                break;
                            }
                            filled += read;
                        }
                    } catch (IOException e) {
                        // tus 1.0.0 (core protocol, PATCH): "The Server SHOULD always attempt to store as much of
                        // the received data as possible." The bytes read so far are written below and counted.
                        sourceFailure = e;
                    }
                    ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, filled);
                    while (bytes.hasRemaining()) {
                        position += channel.write(bytes, position);
                    }
                }
                channel.force(true);
            } catch (IOException e) {
                // The store failed: what this call wrote is not durable for sure, so it is not counted.
                truncateQuietly(channel, state.length());
                throw new UncheckedIOException("cannot append to " + state.stagingKey(), e);
            }
            StagedState next = new StagedState(state.stagingKey(), state.finalKey(), position, BACKEND);
            return new AppendResult(next, position - state.length(), sourceFailure);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + state.stagingKey(), e);
        }
    }

    @Override
    public ObjectInfo complete(StagedState state) {
        Path file = stagedFile(state);
        Path target = store.path(ObjectKeys.requireFinalKey(state.finalKey()));
        if (!Files.exists(file)) {
            // Completed before (the caller may not have recorded it): the same answer again.
            Optional<ObjectInfo> done = store.head(state.finalKey());
            if (done.isPresent() && done.get().size() == state.length()) {
                return done.get();
            }
            throw new ObjectNotFoundException(state.stagingKey(), "nothing is staged at " + state.stagingKey());
        }
        try (FileChannel channel = open(state, file);
                FileLock lock = lock(state, channel)) {
            trimTo(state, channel);
            channel.force(true);
            store.createParent(target);
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot complete " + state.stagingKey() + " to " + state.finalKey(), e);
        }
        // The object's name is what must last; should the staging name come back after a crash, it is a leftover
        // the reconciler removes.
        FilesystemObjectStore.forceDirectory(target.getParent());
        return new ObjectInfo(state.finalKey(), state.length());
    }

    @Override
    public void discard(StagedState state) {
        discard(state.stagingKey(), state.finalKey());
    }

    @Override
    public void discard(String stagingKey, String finalKey) {
        // The file is the whole staging; deleting it as an object also removes a begin's interrupted temporary file.
        store.delete(ObjectKeys.requireStagingKey(stagingKey));
        store.delete(ObjectKeys.requireFinalKey(finalKey));
    }

    @Override
    public List<UnfinishedUpload> unfinished(String prefix) {
        ObjectKeys.requirePrefix(prefix, true);
        return List.of(); // every staged byte is in a file, which listings show
    }

    @Override
    public void abort(UnfinishedUpload upload) {
        // There are none here.
    }

    @Override
    public long maxLength() {
        return Long.MAX_VALUE;
    }

    private Path stagedFile(StagedState state) {
        return store.path(ObjectKeys.requireStagingKey(state.stagingKey()));
    }

    private static FileChannel open(StagedState state, Path file) throws IOException {
        try {
            return state.length() == 0
                    // begin's empty file, which a crash of the machine may have taken
                    ? FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)
                    : FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(state.stagingKey(), "nothing is staged at " + state.stagingKey());
        }
    }

    /**
     * Defence in depth: callers serialise work on one staging, but should two appends meet anyway (two processes on
     * one data directory included), the second fails instead of interleaving bytes.
     */
    private static FileLock lock(StagedState state, FileChannel channel) throws IOException {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            throw new IllegalStateException("another call is working on " + state.stagingKey());
        }
        return lock;
    }

    /** Cuts off bytes beyond the state's length; fewer bytes than the state says means the staging was lost. */
    private static void trimTo(StagedState state, FileChannel channel) throws IOException {
        long size = channel.size();
        if (size < state.length()) {
            throw new ObjectNotFoundException(
                    state.stagingKey(),
                    "only " + size + " of " + state.length() + " bytes are staged at " + state.stagingKey());
        }
        if (size > state.length()) {
            channel.truncate(state.length());
        }
    }

    private static void truncateQuietly(FileChannel channel, long length) {
        try {
            channel.truncate(length);
        } catch (IOException e) {
            // The next append trims the file to its state's length anyway.
        }
    }
}
