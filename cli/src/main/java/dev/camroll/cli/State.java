package dev.camroll.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Small files the commands keep between runs in the state directory, one per service and user (the file name holds a
 * digest of the service's URL and the token's subject, never the subject itself).
 */
final class State {

    private State() {}

    static Path file(Camroll camroll, String name, boolean perUser) {
        String scope =
                camroll.server() + (perUser ? "\n" + subject(camroll.config().token(camroll.tokenFlag())) : "");
        String digest =
                Hashing.sha256Hex(scope.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
        return camroll.config().stateDir().resolve(name + "-" + digest);
    }

    static String read(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Files.readString(file, StandardCharsets.UTF_8).trim()
                    : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Replaces the file's content at once (a temporary file moved over it), so a killed run leaves the old one. */
    static void write(Path file, String content) {
        try {
            WholeFile.write(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * The {@code sub} claim of a JWT, read without checking its signature (the service checks it; the command only
     * needs to know whose ledger it verifies).
     */
    static String subject(String token) {
        if (token == null) {
            throw new IllegalArgumentException("not signed in: run camroll login, or set --token or CAMROLL_TOKEN");
        }
        String[] parts = token.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("the token is not a JWT");
        }
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        Object sub = Camroll.JSON.fromJson(payload, java.util.Map.class).get("sub");
        if (!(sub instanceof String subject)) {
            throw new IllegalArgumentException("the token names no subject (sub)");
        }
        return subject;
    }
}
