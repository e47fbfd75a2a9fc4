package dev.camroll.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the command finds the service and the token, and keeps its state. A flag wins over an environment variable,
 * which wins over the config file ({@code --config}, {@code CAMROLL_CONFIG}, else {@code
 * $XDG_CONFIG_HOME/camroll/config.properties}, else {@code ~/.config/camroll/config.properties}). The state directory
 * ({@code CAMROLL_STATE_DIR}, else {@code $XDG_STATE_HOME/camroll}, else {@code ~/.local/state/camroll}) holds the hash
 * cache of {@code sync}, the suggestion feed's token, and of {@code verify} the cached signing keys, the pinned key of
 * the transparency log and its last verified checkpoint.
 */
final class Config {

    static final String DEFAULT_SERVER = "http://localhost:8080";

    private final Path file;

    private final Properties values;

    private final Path stateDir;

    private final Map<String, String> env;

    private Config(Path file, Properties values, Path stateDir, Map<String, String> env) {
        this.file = file;
        this.values = values;
        this.stateDir = stateDir;
        this.env = env;
    }

    static Config load(Path explicitFile, Map<String, String> env) {
        Path home = Path.of(System.getProperty("user.home"));
        Path file = explicitFile != null
                ? explicitFile
                : env.containsKey("CAMROLL_CONFIG")
                        ? Path.of(env.get("CAMROLL_CONFIG"))
                        : base(env, "XDG_CONFIG_HOME", home.resolve(".config")).resolve("camroll/config.properties");
        Path state = env.containsKey("CAMROLL_STATE_DIR")
                ? Path.of(env.get("CAMROLL_STATE_DIR"))
                : base(env, "XDG_STATE_HOME", home.resolve(".local/state")).resolve("camroll");
        Properties values = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return new Config(file, values, state, env);
    }

    private static Path base(Map<String, String> env, String variable, Path fallback) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? fallback : Path.of(value);
    }

    Path file() {
        return file;
    }

    Path stateDir() {
        return stateDir;
    }

    /** The service's URL: the flag, {@code CAMROLL_SERVER}, the config file, else {@value #DEFAULT_SERVER}. */
    String server(String flag) {
        return first(flag, env.get("CAMROLL_SERVER"), values.getProperty("server"), DEFAULT_SERVER);
    }

    /** The bearer token: the flag, {@code CAMROLL_TOKEN}, the config file, else null. */
    String token(String flag) {
        return first(flag, env.get("CAMROLL_TOKEN"), values.getProperty("token"), null);
    }

    /** Saves the server and token to the config file, readable by its owner only (it holds a credential). */
    void save(String server, String token) {
        values.setProperty("server", server);
        values.setProperty("token", token);
        try {
            WholeFile.write(
                    file,
                    out -> values.store(
                            new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8),
                            "camroll command line (camroll login)"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return candidate;
            }
        }
        return null;
    }
}
