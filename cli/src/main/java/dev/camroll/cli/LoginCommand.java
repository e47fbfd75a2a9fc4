package dev.camroll.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

import dev.camroll.client.CamrollClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Saves the service's URL and a token to the config file, after checking the service accepts the token. */
@Command(
        name = "login",
        description = {
            "Sign in: save the service's URL and a token to the config file (readable by you only).",
            "  camroll --server https://photos.example.com login --token -     (paste a token from your sign-in)",
            "  camroll login --dev --user alice --secret-file var/dev-token.secret   (the embedded mode's issuer)"
        })
final class LoginCommand implements Callable<Integer> {

    private final Camroll camroll;

    @Option(names = "--dev", description = "Get a token from the embedded mode's local issuer (same machine only).")
    boolean dev;

    @Option(
            names = "--user",
            paramLabel = "SUB",
            defaultValue = "${sys:user.name}",
            description = "--dev: the user id.")
    String user;

    @Option(
            names = "--secret-file",
            paramLabel = "FILE",
            defaultValue = "var/dev-token.secret",
            description = "--dev: the service's dev-token.secret (in its data directory). Default: ${DEFAULT-VALUE}")
    Path secretFile;

    @Option(
            names = "--ttl",
            paramLabel = "DURATION",
            defaultValue = "PT24H",
            description = "--dev: the token's lifetime (ISO-8601, at most PT24H). Default: ${DEFAULT-VALUE}")
    Duration ttl;

    LoginCommand(Camroll camroll) {
        this.camroll = camroll;
    }

    @Override
    public Integer call() throws IOException {
        String server = camroll.server();
        String token;
        String given = camroll.tokenFlag();
        if (dev == (given != null)) {
            throw new IllegalArgumentException("give either --token TOKEN (- reads it from standard input) or --dev");
        }
        if (dev) {
            if (!Files.isReadable(secretFile)) {
                throw new IllegalArgumentException("cannot read " + secretFile
                        + ": --secret-file names the dev-token.secret in the service's data directory");
            }
            String secret = Files.readString(secretFile, StandardCharsets.UTF_8).trim();
            token = CamrollClient.devToken(server, secret, user, ttl);
        } else if ("-".equals(given)) {
            token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("no token on standard input");
            }
            token = token.trim();
        } else {
            token = given.trim();
        }
        // A token the service refuses is not saved (the 401 ends the command with exit code 3).
        CamrollClient.builder(server).token(token).build().consent().state();
        camroll.config().save(server, token);
        camroll.err()
                .println("Signed in to " + server + "; saved to "
                        + camroll.config().file());
        return 0;
    }
}
