package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camroll.runtime.EmbeddedPostgresServer;

/**
 * The consent decisions' baseline: pgbench on the service's own embedded PostgreSQL, each transaction the durable
 * work of a ledger append ({@code ConsentLedger.append}): lock the user's row ({@code SELECT ... FOR UPDATE}), read
 * the head of the user's chain, insert an entry shaped like a {@code consent_events} row (same column types, checks,
 * keys and indexes as {@code V2__consent_ledger.sql}), and move the user's head (a {@code consent_chain_heads} row),
 * for a random user, committed like the service's transactions (the cluster runs {@code synchronous_commit=on}).
 * Its tables live in a schema of their own, {@value #SCHEMA}, created by the database's owner
 * ({@value EmbeddedPostgresServer#OWNER}, the one role besides the superuser that may create a schema in it) and
 * dropped afterwards.
 */
final class LedgerPgbench implements AutoCloseable {

    static final Path PGBENCH = Path.of("/usr/bin/pgbench");

    static final String INSTALL = "apt-get install -y postgresql-client";

    static final String SCHEMA = "bench_pgbench";

    /** The transaction. Prepared statements (pgbench {@code -M prepared}), as PgJDBC uses after a few executions. */
    private static final String SCRIPT = """
            \\set n random(1, :users)
            BEGIN;
            SELECT user_key FROM accounts WHERE subject = 'bench-user-' || :n::text FOR UPDATE;
            SELECT seq AS head_seq, hash AS head_hash FROM events WHERE subject = 'bench-user-' || :n::text ORDER BY seq DESC LIMIT 1 \\gset
            INSERT INTO events (event_id, subject, seq, type, purpose, state, notice_version, locale, actor_kind, actor_id, occurred_at, prev_hash, hash) VALUES (gen_random_uuid(), 'bench-user-' || :n::text, :head_seq::bigint + 1, 'CONSENT', 'location_analysis', 'GIVEN', :notice::text, 'en', 'USER', 'bench-user-' || :n::text, now(), :head_hash::text, encode(sha256(convert_to(:head_hash::text || :head_seq::text, 'UTF8')), 'hex'));
            UPDATE heads SET verified_seq = :head_seq::bigint + 1, verified_hash = encode(sha256(convert_to(:head_hash::text || :head_seq::text, 'UTF8')), 'hex'), verified_at = now() WHERE subject = 'bench-user-' || :n::text;
            END;
            """;

    /** A timed pgbench run: its summary and every transaction's latency, in nanoseconds, sorted. */
    record Run(
            double tps,
            double latencyAverageMillis,
            long transactions,
            long failed,
            long[] latencies,
            long pgbenchCpuMillis,
            long postgresCpuMillis,
            double others,
            long nanos) {

        double percentileMillis(double q) {
            if (latencies.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(q * latencies.length) - 1;
            return latencies[Math.max(0, Math.min(latencies.length - 1, index))] / 1e6;
        }

        /** Merges rounds: transactions and times add up, rates are over the summed time. */
        static Run merged(List<Run> rounds) {
            double seconds = rounds.stream().mapToLong(Run::nanos).sum() / 1e9;
            long transactions = rounds.stream().mapToLong(Run::transactions).sum();
            return new Run(
                    transactions / seconds,
                    rounds.stream()
                                    .mapToDouble(round -> round.latencyAverageMillis * round.transactions)
                                    .sum()
                            / Math.max(1, transactions),
                    transactions,
                    rounds.stream().mapToLong(Run::failed).sum(),
                    rounds.stream()
                            .flatMapToLong(round -> Arrays.stream(round.latencies))
                            .sorted()
                            .toArray(),
                    rounds.stream().mapToLong(Run::pgbenchCpuMillis).sum(),
                    rounds.stream().mapToLong(Run::postgresCpuMillis).sum(),
                    rounds.stream()
                                    .mapToDouble(round -> round.others * round.nanos)
                                    .sum()
                            / rounds.stream().mapToLong(Run::nanos).sum(),
                    rounds.stream().mapToLong(Run::nanos).sum());
        }
    }

    private final Path dataDir;

    private final Path workDir;

    private final int port;

    private final int users;

    private final String noticeVersion;

    private int runs;

    private LedgerPgbench(Path dataDir, Path workDir, int port, int users, String noticeVersion) {
        this.dataDir = dataDir;
        this.workDir = workDir;
        this.port = port;
        this.users = users;
        this.noticeVersion = noticeVersion;
    }

    static boolean installed() {
        return Files.isExecutable(PGBENCH);
    }

    /**
     * Creates the schema with {@code users} users, each with one entry in its chain, in the running cluster of
     * {@code dataDir}; {@code noticeVersion} is a published notice's (the entries refer to it, as the ledger's do).
     */
    static LedgerPgbench create(Path dataDir, Path workDir, int users, String noticeVersion)
            throws IOException, SQLException {
        // postmaster.pid: pid, data directory, start time, port, ...
        int port =
                Integer.parseInt(Files.readAllLines(dataDir.resolve("postgres").resolve("postmaster.pid"))
                        .get(3)
                        .trim());
        LedgerPgbench pgbench = new LedgerPgbench(dataDir, workDir, port, users, noticeVersion);
        try (Connection c = pgbench.owner();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
            s.execute("CREATE SCHEMA " + SCHEMA);
            s.execute("SET search_path = " + SCHEMA);
            s.execute("""
                    CREATE TABLE accounts (
                        subject    varchar(128) PRIMARY KEY,
                        user_key   varchar(32)  NOT NULL UNIQUE,
                        created_at timestamptz  NOT NULL DEFAULT now(),
                        erased_at  timestamptz
                    )""");
            s.execute("""
                    CREATE TABLE notices (
                        version varchar(64) PRIMARY KEY CHECK (version ~ '^[0-9a-f]{64}$')
                    )""");
            // consent_events as V2__consent_ledger.sql creates it
            s.execute("""
                    CREATE TABLE events (
                        event_id       uuid         PRIMARY KEY,
                        subject        varchar(128) NOT NULL REFERENCES accounts (subject),
                        seq            bigint       NOT NULL CHECK (seq >= 1),
                        type           varchar(16)  NOT NULL CHECK (type IN ('CONSENT', 'DATA_PURGED')),
                        purpose        varchar(32),
                        state          varchar(16)  CHECK (state IN ('GIVEN', 'WITHDRAWN')),
                        notice_version varchar(64)  REFERENCES notices (version),
                        locale         varchar(8),
                        details        text,
                        actor_kind     varchar(8)   NOT NULL CHECK (actor_kind IN ('USER', 'SUPPORT', 'SYSTEM')),
                        actor_id       varchar(128),
                        reason         varchar(500),
                        occurred_at    timestamptz  NOT NULL,
                        client_time    timestamptz,
                        method         varchar(64),
                        platform       varchar(32),
                        app_version    varchar(64),
                        device_id      varchar(64),
                        prev_hash      varchar(64)  NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
                        hash           varchar(64)  NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
                        CONSTRAINT events_one_chain UNIQUE (subject, seq),
                        CONSTRAINT events_consent_shape
                            CHECK (type <> 'CONSENT' OR (purpose IS NOT NULL AND state IS NOT NULL))
                    )""");
            s.execute("CREATE INDEX events_by_purpose ON events (subject, purpose, seq DESC)");
            // consent_chain_heads as V17__consent_chain_heads.sql creates it
            s.execute("""
                    CREATE TABLE heads (
                        subject       varchar(128) PRIMARY KEY REFERENCES accounts (subject),
                        verified_seq  bigint       NOT NULL CHECK (verified_seq >= 1),
                        verified_hash varchar(64)  NOT NULL CHECK (verified_hash ~ '^[0-9a-f]{64}$'),
                        verified_at   timestamptz  NOT NULL
                    )""");
            s.execute("INSERT INTO notices VALUES ('" + noticeVersion + "')");
            s.execute("INSERT INTO accounts (subject, user_key) SELECT 'bench-user-' || n, md5(n::text)"
                    + " FROM generate_series(1, " + users + ") n");
            s.execute("""
                    INSERT INTO events (event_id, subject, seq, type, purpose, state, notice_version, locale,
                                        actor_kind, actor_id, occurred_at, prev_hash, hash)
                    SELECT gen_random_uuid(), subject, 1, 'CONSENT', 'cloud_processing', 'GIVEN', '%s', 'en', 'USER',
                           subject, now(), repeat('0', 64), encode(sha256(convert_to(subject, 'UTF8')), 'hex')
                    FROM accounts""".formatted(noticeVersion));
            s.execute("INSERT INTO heads SELECT subject, seq, hash, now() FROM events");
            s.execute("ANALYZE accounts, notices, events, heads");
        }
        Files.writeString(workDir.resolve("ledger-append.sql"), SCRIPT);
        return pgbench;
    }

    /** How many entries the schema's ledger holds: the seeded ones and one per committed transaction. */
    long entries() throws SQLException {
        try (Connection c = owner();
                Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT count(*) FROM " + SCHEMA + ".events")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Runs pgbench for {@code seconds} with {@code clients} connections; {@code timed} logs every transaction. */
    Run run(int clients, long seconds, boolean timed) throws IOException, InterruptedException {
        int number = ++runs;
        String prefix = "pgbench-" + number;
        List<String> command = new ArrayList<>(List.of(
                PGBENCH.toString(),
                "-h",
                "localhost",
                "-p",
                String.valueOf(port),
                "-U",
                EmbeddedPostgresServer.OWNER,
                "-n", // no vacuum of pgbench's own tables, which this script does not use
                "-M",
                "prepared",
                "-c",
                String.valueOf(clients),
                "-j",
                "2",
                "-T",
                String.valueOf(seconds),
                "-D",
                "users=" + users,
                "-D",
                "notice=" + noticeVersion,
                "-f",
                workDir.resolve("ledger-append.sql").toString()));
        if (timed) {
            command.addAll(List.of("-l", "--log-prefix=" + workDir.resolve(prefix)));
        }
        command.add(EmbeddedPostgresServer.DATABASE);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(workDir.resolve(prefix + ".out").toFile());
        builder.environment().put("PGOPTIONS", "-c search_path=" + SCHEMA);
        builder.environment().put("PGPASSWORD", EmbeddedPostgresServer.PASSWORD);
        CpuAccount machine = ProcessTreeCpu.machine(dataDir);
        long reaped = reapedByThisJvm();
        long postgres = ProcessTreeCpu.postgres(dataDir);
        long start = System.nanoTime();
        Process process = builder.start();
        int exit = process.waitFor();
        long nanos = System.nanoTime() - start;
        long pgbenchCpu = reapedByThisJvm() - reaped;
        long postgresCpu = ProcessTreeCpu.postgres(dataDir) - postgres;
        double others = ProcessTreeCpu.machine(dataDir).othersSince(machine);
        String out = Files.readString(workDir.resolve(prefix + ".out"));
        if (exit != 0) {
            throw new IllegalStateException("pgbench exited with " + exit + ":\n" + out);
        }
        long[] latencies = timed ? latencies(prefix) : new long[0];
        long transactions = (long) number(out, "number of transactions actually processed: (\\d+)");
        long failed = out.contains("number of failed transactions")
                ? (long) number(out, "number of failed transactions: (\\d+)")
                : 0;
        return new Run(
                number(out, "tps = ([0-9.]+)"),
                number(out, "latency average = ([0-9.]+) ms"),
                transactions,
                failed,
                latencies,
                pgbenchCpu,
                postgresCpu,
                others,
                // pgbench's own clock, as its tps counts: without the clients' connection time
                (long) (transactions / Math.max(1e-9, number(out, "tps = ([0-9.]+)")) * 1e9));
    }

    /** The latencies of every transaction in the run's logs ({@code -l}: the third field, in microseconds). */
    private long[] latencies(String prefix) throws IOException {
        List<long[]> parts = new ArrayList<>();
        try (DirectoryStream<Path> logs = Files.newDirectoryStream(workDir, prefix + ".*")) {
            for (Path log : logs) {
                if (log.toString().endsWith(".out")) {
                    continue;
                }
                // client_id transaction_no time script_no time_epoch time_us
                parts.add(Files.readAllLines(log).stream()
                        .map(line -> line.split(" "))
                        .filter(fields -> fields.length >= 3)
                        .mapToLong(fields -> Long.parseLong(fields[2]) * 1_000)
                        .toArray());
            }
        }
        return parts.stream().flatMapToLong(Arrays::stream).sorted().toArray();
    }

    /** The CPU of this JVM's children that have ended (cutime + cstime): pgbench's, once it has exited. */
    private static long reapedByThisJvm() {
        return ProcessTreeCpu.withReaped(ProcessHandle.current().pid())
                - ProcessTreeCpu.ownOnly(ProcessHandle.current().pid());
    }

    private static double number(String out, String regex) {
        Matcher matcher = Pattern.compile(regex).matcher(out);
        if (!matcher.find()) {
            throw new IllegalStateException("no '" + regex + "' in pgbench's output:\n" + out);
        }
        return Double.parseDouble(matcher.group(1));
    }

    private Connection owner() throws SQLException {
        return DriverManager.getConnection(
                "jdbc:postgresql://localhost:" + port + "/" + EmbeddedPostgresServer.DATABASE,
                EmbeddedPostgresServer.OWNER,
                EmbeddedPostgresServer.PASSWORD);
    }

    /** Drops the schema and everything in it. */
    @Override
    public void close() throws SQLException {
        try (Connection c = owner();
                Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }
}
