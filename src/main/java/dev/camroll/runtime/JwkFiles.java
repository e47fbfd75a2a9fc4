package dev.camroll.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.function.Supplier;

import com.nimbusds.jose.jwk.JWK;

/** Signing keys that are created once and then kept on disk, readable by the service's user only. */
public final class JwkFiles {

    private JwkFiles() {}

    /** Reads the key at {@code file}, or creates it with {@code generator} if it does not exist yet. */
    public static JWK loadOrCreate(Path file, Supplier<JWK> generator) {
        return parse(loadOrCreateText(file, () -> generator.get().toJSONString()), file.toString());
    }

    /** Reads the key text at {@code file}, or writes {@code generator}'s first (only the first racer's stays). */
    public static String loadOrCreateText(Path file, Supplier<String> generator) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.getParent());
                Path temp = Files.createTempFile(
                        file.getParent(), file.getFileName().toString(), ".tmp");
                restrictToOwner(temp);
                Files.writeString(temp, generator.get(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
                try {
                    // A rename that refuses to replace keeps the first key when two instances race.
                    Files.move(temp, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(temp);
                }
            }
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }

    /** Parses a private JWK given in configuration; {@code source} names it in errors. */
    public static JWK parse(String json, String source) {
        try {
            JWK jwk = JWK.parse(json);
            if (!jwk.isPrivate()) {
                throw new IllegalStateException("the key in " + source + " has no private part");
            }
            return jwk;
        } catch (ParseException e) {
            throw new IllegalStateException("the key in " + source + " is not a JSON Web Key: " + e.getMessage(), e);
        }
    }

    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the data directory's ACL applies.
        }
    }
}
