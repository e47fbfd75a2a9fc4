package dev.camroll.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SHA-256 of files, remembered between runs: a file whose size and modification time are what they were when it was
 * hashed is not read again (a camera roll of thousands of photos changes by a few a day).
 */
final class Hashing {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Path cacheFile;

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(long size, long modified, String sha256) {}

    private Hashing(Path cacheFile) {
        this.cacheFile = cacheFile;
    }

    /** The cache in {@code cacheFile}; an unreadable or missing one starts empty. */
    static Hashing load(Path cacheFile) {
        Hashing hashing = new Hashing(cacheFile);
        if (Files.isRegularFile(cacheFile)) {
            try (BufferedReader in = Files.newBufferedReader(cacheFile, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    String[] fields = line.split("\t", 4);
                    if (fields.length == 4 && fields[2].length() == 64) {
                        hashing.entries.put(
                                fields[3], new Entry(Long.parseLong(fields[0]), Long.parseLong(fields[1]), fields[2]));
                    }
                }
            } catch (IOException | RuntimeException damaged) {
                hashing.entries.clear();
            }
        }
        return hashing;
    }

    /** The file's SHA-256 (lowercase hex), from the cache when the file is unchanged. */
    String sha256(CameraRoll.Item item) throws IOException {
        String key = item.path().toAbsolutePath().toString();
        Entry known = entries.get(key);
        if (known != null && known.size == item.size() && known.modified == item.modified()) {
            return known.sha256;
        }
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(item.path())) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        String hex = hex(digest.digest());
        entries.put(key, new Entry(item.size(), item.modified(), hex));
        return hex;
    }

    /** Writes the cache (to a temporary file first, so a killed run leaves the old one). */
    void save() {
        try {
            WholeFile.write(cacheFile, out -> {
                java.io.Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
                for (Map.Entry<String, Entry> entry : entries.entrySet()) {
                    Entry value = entry.getValue();
                    writer.write(
                            value.size + "\t" + value.modified + "\t" + value.sha256 + "\t" + entry.getKey() + "\n");
                }
                writer.flush();
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the hash cache " + cacheFile, e);
        }
    }

    static String sha256Hex(byte[] bytes) {
        return hex(sha256().digest(bytes));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
