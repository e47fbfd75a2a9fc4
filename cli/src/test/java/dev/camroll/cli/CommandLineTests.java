package dev.camroll.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The command's conventions that need no service: help, usage errors, exit codes, where settings come from. */
class CommandLineTests {

    @TempDir
    Path home;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void helpListsTheCommandsAndTheExitCodes() {
        assertThat(run(Map.of(), "--help")).isZero();

        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("sync", "consent", "login", "--json", "CAMROLL_SERVER", "Exit codes");
    }

    @Test
    void noCommandShowsTheUsageAsAUsageError() {
        assertThat(run(Map.of())).isEqualTo(Camroll.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Usage: camroll");
    }

    @Test
    void aMistypedCommandIsAUsageError() {
        assertThat(run(Map.of(), "snyc", "photos")).isEqualTo(Camroll.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("snyc");
    }

    @Test
    void aBadOptionValueIsAUsageErrorBeforeAnythingIsSent() {
        assertThat(run(Map.of(), "sync", home.toString(), "--uploads", "0")).isEqualTo(Camroll.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--uploads");
    }

    @Test
    void aServiceThatDoesNotAnswerEndsWithItsOwnExitCode() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int code = run(Map.of("CAMROLL_SERVER", "http://127.0.0.1:" + port, "CAMROLL_TOKEN", "t"), "consent", "status");

        assertThat(code).isEqualTo(Camroll.UNREACHABLE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot be reached");
    }

    @Test
    void aFlagWinsOverTheEnvironmentWhichWinsOverTheConfigFile() throws IOException {
        Path file = home.resolve("config.properties");
        Files.writeString(file, "server=http://from-file:1\ntoken=file-token\n");

        Config fileOnly = Config.load(file, Map.of());
        Config withEnv = Config.load(file, Map.of("CAMROLL_SERVER", "http://from-env:2", "CAMROLL_TOKEN", "env"));

        assertThat(fileOnly.server(null)).isEqualTo("http://from-file:1");
        assertThat(fileOnly.token(null)).isEqualTo("file-token");
        assertThat(withEnv.server(null)).isEqualTo("http://from-env:2");
        assertThat(withEnv.token(null)).isEqualTo("env");
        assertThat(withEnv.server("http://flag:3")).isEqualTo("http://flag:3");
        assertThat(Config.load(home.resolve("missing.properties"), Map.of()).server(null))
                .isEqualTo(Config.DEFAULT_SERVER);
    }

    @Test
    void theSavedConfigIsReadableByItsOwnerOnly() throws IOException {
        Path file = home.resolve("camroll/config.properties");

        Config.load(file, Map.of()).save("http://localhost:8080", "secret-token");

        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Config.load(file, Map.of()).token(null)).isEqualTo("secret-token");
    }

    @Test
    void logKeyMakesAKeyPairWhoseVerifierKeyParsesAndNeedsNoService() {
        assertThat(run(Map.of("CAMROLL_SERVER", "http://127.0.0.1:1"), "log-key", "camroll.example/v1/consent/log"))
                .isZero();

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0]).startsWith("private key:  PRIVATE+KEY+camroll.example/v1/consent/log+");
        String verifier = lines[1].substring("verifier key: ".length());
        assertThat(dev.camroll.client.LogVerifierKey.parse(verifier).name())
                .isEqualTo("camroll.example/v1/consent/log");
        assertThat(lines[0].split("\\+")[3]).isEqualTo(verifier.split("\\+")[1]);
        assertThat(run(Map.of(), "log-key", "bad origin")).isNotZero();
    }

    @Test
    void theStateDirectoryFollowsTheEnvironment() {
        assertThat(Config.load(null, Map.of("CAMROLL_STATE_DIR", "/tmp/x")).stateDir())
                .isEqualTo(Path.of("/tmp/x"));
        assertThat(Config.load(null, Map.of("XDG_STATE_HOME", "/tmp/state")).stateDir())
                .isEqualTo(Path.of("/tmp/state/camroll"));
    }

    private int run(Map<String, String> env, String... args) {
        Map<String, String> isolated = new java.util.HashMap<>(env);
        isolated.putIfAbsent("CAMROLL_CONFIG", home.resolve("none.properties").toString());
        isolated.putIfAbsent("CAMROLL_STATE_DIR", home.resolve("state").toString());
        return new Camroll(
                        isolated,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }
}
