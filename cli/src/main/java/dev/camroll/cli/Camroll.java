package dev.camroll.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import dev.camroll.client.CamrollClient;
import dev.camroll.client.ProblemException;
import dev.camroll.client.TransportException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code camroll} command: the client library from a shell. */
@Command(
        name = "camroll",
        mixinStandardHelpOptions = true,
        versionProvider = Camroll.Version.class,
        usageHelpAutoWidth = true,
        description = {
            "Sync a folder to camroll like a phone does, manage consent, check receipts, pull suggestions.",
            "",
            "The service and the token come from --server and --token, else CAMROLL_SERVER and CAMROLL_TOKEN, else "
                    + "the config file (--config, CAMROLL_CONFIG, else ~/.config/camroll/config.properties), which "
                    + "`camroll login` writes.",
            ""
        },
        footer = {
            "",
            "Exit codes: 0 done; 1 some files failed or were refused, or a check failed; 2 usage; 3 not signed in "
                    + "(401); 4 consent required; 5 service unreachable; 130 interrupted."
        },
        subcommands = {
            LoginCommand.class,
            SyncCommand.class,
            ConsentCommand.class,
            VerifyCommand.class,
            SuggestionsCommand.class,
            ExportCommand.class,
            DeleteAccountCommand.class,
            LogKeyCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Camroll implements java.util.concurrent.Callable<Integer> {

    static final String VERSION = "camroll-cli/0.1.0";

    static final int FAILED = 1;

    static final int USAGE = 2;

    static final int NOT_SIGNED_IN = 3;

    static final int CONSENT_REQUIRED = 4;

    static final int UNREACHABLE = 5;

    static final int INTERRUPTED = 130;

    static final Gson JSON = new GsonBuilder()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            // Instants, dates and date-times as their ISO-8601 text, like the service writes them.
            .registerTypeHierarchyAdapter(java.time.temporal.TemporalAccessor.class, (com.google.gson.JsonSerializer<
                            java.time.temporal.TemporalAccessor>)
                    (value, type, context) -> new com.google.gson.JsonPrimitive(value.toString()))
            .create();

    @Option(names = "--server", scope = ScopeType.INHERIT, paramLabel = "URL", description = "The service's URL.")
    String server;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "TOKEN",
            description = "A bearer token (login: the token to save; - reads it from standard input).")
    String token;

    @Option(names = "--config", scope = ScopeType.INHERIT, paramLabel = "FILE", description = "The config file.")
    Path configFile;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the result as JSON.")
    boolean json;

    /** Set by Ctrl-C (or SIGTERM): work stops between two writes and the command prints what it did. */
    final AtomicBoolean interrupted = new AtomicBoolean();

    private final Map<String, String> env;

    private final PrintStream out;

    private final PrintStream err;

    private Config config;

    Camroll(Map<String, String> env, PrintStream out, PrintStream err) {
        this.env = env;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        Camroll camroll = new Camroll(System.getenv(), System.out, System.err);
        CountDownLatch finished = new CountDownLatch(1);
        AtomicBoolean shuttingDown = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            shuttingDown.set(true);
            camroll.interrupted.set(true);
            try {
                // Let the command stop its uploads and print its summary.
                finished.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        int code;
        try {
            code = camroll.execute(args);
        } finally {
            finished.countDown();
        }
        if (!shuttingDown.get()) {
            Runtime.getRuntime().removeShutdownHook(hook);
            System.exit(code);
        }
    }

    /** {@code camroll} alone: the usage, as a usage error. */
    @Override
    public Integer call() {
        new CommandLine(this, new Factory(this)).usage(err);
        return USAGE;
    }

    int execute(String... args) {
        CommandLine commandLine = new CommandLine(this, new Factory(this));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> failure(e));
        return commandLine.execute(args);
    }

    private int failure(Exception e) {
        if (e instanceof ProblemException.Unauthorized) {
            err.println("camroll: not signed in, or the token expired: run camroll login (" + e.getMessage() + ")");
            return NOT_SIGNED_IN;
        }
        if (e instanceof ProblemException.Forbidden forbidden && forbidden.consentRequired()) {
            err.println("camroll: " + e.getMessage() + "\n  give it first: camroll consent give cloud_processing");
            return CONSENT_REQUIRED;
        }
        if (e instanceof SyncRun.SyncRefused refused) {
            err.println("camroll: " + e.getMessage());
            return "consent-required".equals(refused.reason()) ? CONSENT_REQUIRED : FAILED;
        }
        if (e instanceof TransportException) {
            err.println("camroll: the service at " + server() + " cannot be reached: " + e.getMessage());
            return UNREACHABLE;
        }
        if (e instanceof IllegalArgumentException) {
            err.println("camroll: " + e.getMessage());
            return USAGE;
        }
        err.println("camroll: " + e.getMessage());
        return FAILED;
    }

    Config config() {
        if (config == null) {
            config = Config.load(configFile, env);
        }
        return config;
    }

    /** The {@code --token} flag as given, or null. */
    String tokenFlag() {
        return token;
    }

    String server() {
        return config().server(server);
    }

    /** A client for the configured service and token. */
    CamrollClient client() {
        CamrollClient.Builder builder = CamrollClient.builder(server()).userAgent(VERSION);
        String bearer = config().token(token);
        if (bearer != null) {
            builder.token(bearer);
        }
        return builder.build();
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    boolean json() {
        return json;
    }

    /** True when progress can be drawn in place: a terminal, and output that is not JSON for a program. */
    boolean terminal() {
        return interactive() && !json;
    }

    /**
     * Whether a person is at a terminal. Java 22 to 24 answer {@code System.console()} with a console also when the
     * streams are redirected, and only {@code Console.isTerminal()} (22+) tells; before 22, null means no terminal.
     */
    static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException beforeJava22) {
            return true;
        }
    }

    void printJson(Object value) {
        out.println(JSON.toJson(value));
    }

    /** Gives every command the one {@code Camroll} it belongs to. */
    private record Factory(Camroll camroll) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            if (type == Camroll.class) {
                return type.cast(camroll);
            }
            try {
                return type.getDeclaredConstructor(Camroll.class).newInstance(camroll);
            } catch (NoSuchMethodException noSession) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {VERSION, "Java " + System.getProperty("java.version")};
        }
    }
}
