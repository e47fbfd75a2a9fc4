package dev.camroll.storage.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import dev.camroll.storage.ObjectInfo;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.Staging;

/**
 * The embedded default: one file per key under {@code {data-dir}/objects/}, so an operator finds
 * {@code u/{userKey}/original/{mediaId}} at exactly that path. Every write goes to a temporary file in the target's
 * directory, is forced to disk and then renamed into place, so a reader or a crash never sees half an object.
 * Temporary names contain {@value #TEMP_MARK}, which no key can, so listings never show them.
 * <p>
 * A key cannot be both an object and a folder of other keys here (S3 allows {@code a/b} next to {@code a/b/c});
 * camroll's key scheme never needs that.
 */
final class FilesystemObjectStore implements ObjectStore {

    static final char TEMP_MARK = '~';

    static final int BUFFER_SIZE = 64 * 1024;

    private final Path root;

    private final FilesystemStaging staging;

    FilesystemObjectStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the object store directory " + this.root, e);
        }
        this.staging = new FilesystemStaging(this);
    }

    /** The directory the objects live in. */
    Path root() {
        return root;
    }

    @Override
    public void put(String key, InputStream content, long length) {
        ObjectKeys.requireKey(key);
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
        Path target = path(key);
        Path temp = createTempFile(target);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                copyExactly(content, channel, length);
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new UncheckedIOException("cannot store " + key, e);
        }
        forceDirectory(target.getParent());
    }

    @Override
    public InputStream get(String key) {
        Path path = path(ObjectKeys.requireKey(key));
        if (!Files.isRegularFile(path)) {
            throw new ObjectNotFoundException(key);
        }
        try {
            return Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            throw new ObjectNotFoundException(key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }

    @Override
    public Optional<Path> localFile(String key) {
        Path path = path(ObjectKeys.requireKey(key));
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public Optional<ObjectInfo> head(String key) {
        Path path = path(ObjectKeys.requireKey(key));
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isRegularFile() ? Optional.of(new ObjectInfo(key, attributes.size())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + key, e);
        }
    }

    @Override
    public void delete(String key) {
        Path path = path(ObjectKeys.requireKey(key));
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.deleteIfExists(path);
            deleteInterruptedWrites(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + key, e);
        }
    }

    /**
     * The temporary files of writes to this key that a killed process left behind: no other call would remove them
     * (a put still running loses its temporary file and fails, as if the delete came after it).
     */
    private static void deleteInterruptedWrites(Path path) throws IOException {
        String name = path.getFileName().toString();
        // Longer names are shortened in temporary file names, which then may belong to another key.
        if (name.length() > 200 || !Files.isDirectory(path.getParent())) {
            return;
        }
        try (DirectoryStream<Path> writes = Files.newDirectoryStream(
                path.getParent(),
                file -> file.getFileName().toString().startsWith(name + TEMP_MARK)
                        && file.toString().endsWith(".tmp"))) {
            for (Path write : writes) {
                Files.deleteIfExists(write);
            }
        }
    }

    @Override
    public List<String> deleteByPrefix(String prefix, Consumer<List<String>> beforeDeleting) {
        ObjectKeys.requirePrefix(prefix, false);
        Matches matches = matching(prefix);
        List<String> deleted = new ArrayList<>();
        try {
            List<Path> files = matches.files();
            for (int from = 0; from < files.size(); from += DELETE_BATCH) {
                List<Path> batch = files.subList(from, Math.min(files.size(), from + DELETE_BATCH));
                List<String> keys = batch.stream()
                        .filter(file -> !isTemporary(file))
                        .map(this::keyOf)
                        .toList();
                if (!keys.isEmpty()) {
                    beforeDeleting.accept(keys);
                }
                for (Path file : batch) {
                    // Leftover temporary files of interrupted writes go too: a purge leaves no byte behind.
                    if (Files.deleteIfExists(file) && !isTemporary(file)) {
                        deleted.add(keyOf(file));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete under " + prefix, e);
        }
        matches.directories().sort(Comparator.comparingInt(Path::getNameCount).reversed());
        matches.directories().forEach(FilesystemObjectStore::deleteIfEmpty);
        for (Path dir = matches.base(); dir.startsWith(root) && !dir.equals(root); dir = dir.getParent()) {
            if (!deleteIfEmpty(dir)) {
                break;
            }
        }
        deleted.sort(null);
        return deleted;
    }

    @Override
    public List<String> list(String prefix) {
        ObjectKeys.requirePrefix(prefix, true);
        List<String> keys = new ArrayList<>();
        for (Path file : matching(prefix).files()) {
            if (!isTemporary(file)) {
                keys.add(keyOf(file));
            }
        }
        keys.sort(null);
        return keys;
    }

    @Override
    public void scan(String prefix, Consumer<List<ListedObject>> page) {
        ObjectKeys.requirePrefix(prefix, true);
        TreeMap<String, Path> files = new TreeMap<>();
        for (Path file : matching(prefix).files()) {
            if (!isTemporary(file)) {
                files.put(keyOf(file), file);
            }
        }
        List<ListedObject> objects = new ArrayList<>();
        for (Map.Entry<String, Path> file : files.entrySet()) {
            try {
                objects.add(new ListedObject(
                        file.getKey(),
                        Files.getLastModifiedTime(file.getValue()).toInstant()));
            } catch (NoSuchFileException e) {
                continue; // deleted since the walk
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.getKey(), e);
            }
            if (objects.size() == DELETE_BATCH) {
                page.accept(List.copyOf(objects));
                objects.clear();
            }
        }
        if (!objects.isEmpty()) {
            page.accept(List.copyOf(objects));
        }
    }

    @Override
    public Staging staging() {
        return staging;
    }

    /** The file of a (validated) key; the key rules already keep it inside the root, this makes sure. */
    Path path(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("key outside the store: " + key);
        }
        return path;
    }

    /** Creates a temporary file next to {@code target}, creating its directory as needed. */
    Path createTempFile(Path target) {
        // The key's own name (shortened: the random part must still fit a 255-byte file name) keeps the temporary
        // file under every prefix that matches the key, so deleteByPrefix finds leftovers of interrupted writes.
        String key = target.getFileName().toString();
        String name = key.substring(0, Math.min(key.length(), 200)) + TEMP_MARK;
        IOException last = null;
        // A concurrent deleteByPrefix may remove a directory we just created because it was empty: try again.
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Files.createDirectories(target.getParent());
                return Files.createTempFile(target.getParent(), name, ".tmp");
            } catch (NoSuchFileException e) {
                last = e;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write to " + target.getParent(), e);
            }
        }
        throw new UncheckedIOException("cannot write to " + target.getParent(), last);
    }

    /** Creates the directory of {@code target} (and its parents) if missing. */
    void createParent(Path target) {
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target.getParent(), e);
        }
    }

    /**
     * Forces a directory's entries to disk, so a rename or a new file survives a crash. Best effort: not every
     * platform lets a directory be opened.
     */
    static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Nothing more can be done where directories cannot be synced.
        }
    }

    private static void copyExactly(InputStream content, FileChannel channel, long length) throws IOException {
        byte[] buffer = new byte[BUFFER_SIZE];
        long remaining = length;
        while (remaining > 0) {
            int read = content.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                throw new IOException("the content ended after " + (length - remaining) + " of " + length + " bytes");
            }
            ByteBuffer bytes = ByteBuffer.wrap(buffer, 0, read);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            remaining -= read;
        }
    }

    private String keyOf(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static boolean isTemporary(Path file) {
        return file.getFileName().toString().indexOf(TEMP_MARK) >= 0;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The temporary name is never listed, and deleteByPrefix removes it later.
        }
    }

    private static boolean deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
            return true;
        } catch (DirectoryNotEmptyException e) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The files (temporary ones included) whose key starts with {@code prefix}, the directories they are in, and
     * the directory the prefix points into. Only the entries of that directory that start with the prefix's last,
     * partial segment are walked, not the whole store.
     */
    private Matches matching(String prefix) {
        int slash = prefix.lastIndexOf('/');
        Path base = slash < 0 ? root : path(prefix.substring(0, slash));
        String partial = prefix.substring(slash + 1);
        List<Path> files = new ArrayList<>();
        List<Path> directories = new ArrayList<>();
        if (!Files.isDirectory(base, LinkOption.NOFOLLOW_LINKS)) {
            return new Matches(base, files, directories);
        }
        SimpleFileVisitor<Path> collector = new SimpleFileVisitor<>() {

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                // Removed while we walked (a concurrent delete): nothing to see there.
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                directories.add(dir);
                return FileVisitResult.CONTINUE;
            }
        };
        try (DirectoryStream<Path> children = Files.newDirectoryStream(base)) {
            for (Path child : children) {
                if (child.getFileName().toString().startsWith(partial)) {
                    Files.walkFileTree(child, collector);
                }
            }
        } catch (NoSuchFileException e) {
            // The directory went away meanwhile: no matches.
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + prefix, e);
        }
        return new Matches(base, files, directories);
    }

    private record Matches(Path base, List<Path> files, List<Path> directories) {}
}
