package dev.camroll.identity.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

import org.jspecify.annotations.Nullable;

/**
 * The secret {@code POST /dev/tokens} asks for: 256 random bits, new at every start, kept in
 * {@code {data-dir}/dev-token.secret} readable by the service's OS user only. A loopback peer address proves
 * nothing behind a same-host proxy (nginx's default {@code proxy_pass}, {@code ssh -L}) nor against another user
 * of the machine; being able to read this file does (ADR 0010).
 */
final class DevTokenSecret {

    static final String FILE_NAME = "dev-token.secret";

    /** The request header that carries the secret. */
    static final String HEADER = "X-Dev-Token-Secret";

    private static final SecureRandom RANDOM = new SecureRandom();

    // Longer than any secret we write: a file someone swapped for something large is not read whole per request.
    private static final int MAX_FILE_BYTES = 1024;

    private final Path file;

    private DevTokenSecret(Path file) {
        this.file = file;
    }

    /** Writes a new secret to {@code dataDir}, replacing the one of an earlier start. */
    static DevTokenSecret create(Path dataDir) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Path file = dataDir.toAbsolutePath().normalize().resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDir);
            // Created owner-only and then renamed into place, so the secret is never readable by others, not even
            // for a moment, and a reader never sees a half-written file.
            Path temp = Files.createTempFile(file.getParent(), FILE_NAME, ".tmp", ownerOnly());
            Files.writeString(temp, secret + "\n", StandardCharsets.US_ASCII);
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the /dev/tokens secret to " + file, e);
        }
        return new DevTokenSecret(file);
    }

    /** Where the secret is. */
    Path file() {
        return file;
    }

    /**
     * Whether {@code presented} is the secret the file holds now. The file, not a copy in memory, is the
     * credential: instances sharing a data directory agree, and deleting the file turns minting off.
     */
    boolean matches(@Nullable String presented) {
        if (presented == null || presented.isBlank()) {
            return false;
        }
        byte[] stored;
        try {
            if (Files.size(file) > MAX_FILE_BYTES) {
                return false;
            }
            stored = Files.readString(file, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII);
        } catch (IOException | RuntimeException unreadable) {
            return false;
        }
        if (stored.length == 0) {
            return false;
        }
        // Digests of equal length compared in constant time: the answer's timing says nothing about the secret.
        return MessageDigest.isEqual(sha256(stored), sha256(presented.strip().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return new FileAttribute<?>[0]; // Windows: the data directory's ACL applies
        }
        return new FileAttribute<?>[] {
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        };
    }
}
