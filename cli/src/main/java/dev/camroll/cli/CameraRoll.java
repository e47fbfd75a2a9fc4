package dev.camroll.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A folder read like a phone's camera roll: every photo and video under it, by extension. Types a camera makes but the
 * service may not accept (BMP, TIFF) are announced too, so the service says why it refuses them; anything else, and
 * hidden files and folders, is ignored.
 */
final class CameraRoll {

    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("heic", "image/heic"),
            Map.entry("heif", "image/heif"),
            Map.entry("png", "image/png"),
            Map.entry("webp", "image/webp"),
            Map.entry("gif", "image/gif"),
            Map.entry("mp4", "video/mp4"),
            Map.entry("m4v", "video/mp4"),
            Map.entry("mov", "video/quicktime"),
            Map.entry("bmp", "image/bmp"),
            Map.entry("tif", "image/tiff"),
            Map.entry("tiff", "image/tiff"));

    /** The service's limit on a line's {@code clientAssetId}. */
    private static final int MAX_ASSET_ID = 200;

    private CameraRoll() {}

    /** A file to sync. {@code assetId} is its path below the folder, so it stays the same from run to run. */
    record Item(Path path, String assetId, long size, long modified, String mimeType) {

        String kind() {
            return mimeType.startsWith("video/") ? "video" : "photo";
        }
    }

    record Scan(List<Item> items, int ignored) {

        long bytes() {
            return items.stream().mapToLong(Item::size).sum();
        }
    }

    static Scan scan(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + " is not a folder");
        }
        List<Item> items = new ArrayList<>();
        int[] ignored = {0};
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                    return !dir.equals(folder) && hidden(dir) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String type = attributes.isRegularFile() && !hidden(file) ? TYPES.get(extension(file)) : null;
                    if (type == null || attributes.size() == 0) {
                        ignored[0]++;
                    } else {
                        items.add(new Item(
                                file,
                                assetId(folder.relativize(file)),
                                attributes.size(),
                                attributes.lastModifiedTime().toMillis(),
                                type));
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    ignored[0]++;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + folder, e);
        }
        items.sort(Comparator.comparing(Item::assetId));
        return new Scan(List.copyOf(items), ignored[0]);
    }

    private static boolean hidden(Path path) {
        Path name = path.getFileName();
        return name != null && name.toString().startsWith(".");
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /** The relative path with forward slashes; a path too long for the service is shortened to a stable digest. */
    static String assetId(Path relative) {
        StringBuilder id = new StringBuilder();
        for (Path part : relative) {
            if (id.length() > 0) {
                id.append('/');
            }
            id.append(part);
        }
        if (id.length() <= MAX_ASSET_ID) {
            return id.toString();
        }
        String name = relative.getFileName().toString();
        String digest = Hashing.sha256Hex(id.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String tail = name.length() > 100 ? name.substring(name.length() - 100) : name;
        return digest + "/" + tail;
    }
}
