package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A file to upload, with the type its manifest line announces. The upload benchmark's files are MP4s as far as the
 * service's magic-byte check can tell (an ISO-BMFF {@code ftyp} box with brand {@code isom}), then one {@code mdat}
 * box of random bytes, which neither the disk nor the network can compress away; the analysis benchmark writes real
 * images. The {@code mdat} header matters: the analysis refuses a box whose length claims more than the file holds,
 * which random bytes read as a box header would.
 */
record BenchmarkFile(Path path, long size, String sha256, String mimeType) {

    /** The 24-byte {@code ftyp} box: size 0x18, "ftyp", major brand "isom", minor version 0x200, brands isom, iso2. */
    private static final byte[] FTYP = HexFormat.of().parseHex("00000018667479706973" + "6f6d0000020069736f6d69736f32");

    private static final byte[] MDAT = "mdat".getBytes(StandardCharsets.US_ASCII);

    private static final int CHUNK = 1024 * 1024;

    /** Writes a new file of {@code size} bytes (at least the box), forced to disk so no write-back runs later. */
    static BenchmarkFile generate(Path path, long size, long seed) throws IOException {
        byte[] header = mediaDataHeader(size - FTYP.length);
        if (size < FTYP.length + header.length) {
            throw new IllegalArgumentException("a file needs at least " + (FTYP.length + header.length) + " bytes");
        }
        MessageDigest sha256 = newDigest();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long written = 0;
            while (written < size) {
                int n = (int) Math.min(chunk.length, size - written);
                random.nextBytes(chunk);
                if (written == 0) {
                    System.arraycopy(FTYP, 0, chunk, 0, FTYP.length);
                    System.arraycopy(header, 0, chunk, FTYP.length, header.length);
                }
                sha256.update(chunk, 0, n);
                ByteBuffer bytes = ByteBuffer.wrap(chunk, 0, n);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                written += n;
            }
            channel.force(true);
        }
        return new BenchmarkFile(path, size, HexFormat.of().formatHex(sha256.digest()), "video/mp4");
    }

    /** The header of an {@code mdat} box of {@code length} bytes, with a 64-bit length when 32 bits do not hold it. */
    private static byte[] mediaDataHeader(long length) {
        if (length <= 0xFFFF_FFFFL) {
            return ByteBuffer.allocate(8).putInt((int) length).put(MDAT).array();
        }
        return ByteBuffer.allocate(16).putInt(1).put(MDAT).putLong(length).array();
    }

    /** Writes {@code bytes} as a new file of the given type (not forced to disk: small files, written ahead). */
    static BenchmarkFile write(Path path, byte[] bytes, String mimeType) throws IOException {
        Files.write(path, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new BenchmarkFile(
                path, bytes.length, HexFormat.of().formatHex(newDigest().digest(bytes)), mimeType);
    }

    /** The manifest's kind: {@code video} for a video type, else {@code photo}. */
    String kind() {
        return mimeType.startsWith("video/") ? "video" : "photo";
    }

    String name() {
        return path.getFileName().toString();
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
