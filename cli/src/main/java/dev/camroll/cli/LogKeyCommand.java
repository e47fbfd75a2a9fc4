package dev.camroll.cli;

import java.util.concurrent.Callable;

import dev.camroll.client.LogKeys;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code camroll log-key ORIGIN}: makes the operator's transparency log key; needs no server. */
@Command(
        name = "log-key",
        usageHelpAutoWidth = true,
        description = "For operators: make the Ed25519 key that signs the transparency log's checkpoints. Prints the "
                + "private key (for camroll.transparency.signing-key, into your secret store) and the verifier key "
                + "(to publish). ORIGIN is the log's URL prefix without the scheme, e.g. "
                + "camroll.example.com/v1/consent/log.")
final class LogKeyCommand implements Callable<Integer> {

    private final Camroll camroll;

    @Parameters(paramLabel = "ORIGIN", description = "The log's origin: its public URL prefix without the scheme.")
    String origin;

    LogKeyCommand(Camroll camroll) {
        this.camroll = camroll;
    }

    @Override
    public Integer call() {
        LogKeys.Pair pair = LogKeys.generate(origin);
        camroll.out().println("private key:  " + pair.privateKey());
        camroll.out().println("verifier key: " + pair.verifierKey());
        return 0;
    }
}
