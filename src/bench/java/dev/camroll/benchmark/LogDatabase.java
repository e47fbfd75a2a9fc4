package dev.camroll.benchmark;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.camroll.transparency.MerkleTree;

/**
 * What the transparency log benchmark does in the running service's database, as the service's role: it queues
 * synthetic ledger entries in {@code transparency_pending} (as {@code ConsentLog.enqueue} does, many in one statement)
 * for the service's own sequencer to integrate, watches that integration, reads where entries sit and what the tables
 * hold, and times the proof's own queries: the two statements {@code TransparencyLog.coveredProof} runs (the entry's
 * position with the newest checkpoint, then the proof's stored nodes), with the same SQL, through the same driver.
 */
final class LogDatabase implements AutoCloseable {

    /** The transparency module's tables, as V24__transparency_log.sql creates them. */
    static final List<String> TABLES = List.of(
            "transparency_log",
            "transparency_pending",
            "transparency_salts",
            "transparency_leaves",
            "transparency_hashes",
            "transparency_positions",
            "transparency_checkpoints");

    /** {@code LogTables.position}'s statement. */
    private static final String POSITION = """
            SELECT p.idx, s.salt, c.size, c.note FROM transparency_positions p
            JOIN transparency_salts s ON s.subject = p.subject AND s.salt IS NOT NULL
            LEFT JOIN LATERAL (SELECT size, note FROM transparency_checkpoints ORDER BY size DESC LIMIT 1) c ON true
            WHERE p.event_id = ?
            """;

    /** {@code LogTables.nodes}' statement. */
    private static final String NODES = """
            SELECT h.level, h.idx, h.hash FROM transparency_hashes h
            JOIN unnest(?::smallint[], ?::bigint[]) AS wanted (level, idx) ON h.level = wanted.level AND h.idx = wanted.idx
            """;

    private static final byte[] UNREAD = new byte[32];

    /** A ledger entry of a user: its id, its hash, and its index in the log (-1 while it has none). */
    record Entry(UUID eventId, byte[] hash, long index) {}

    /** The newest checkpoint: its size and root. */
    record Checkpoint(long size, byte[] root) {}

    /**
     * An integration as the database saw it: when the first transaction touching the log's tables started after the
     * entries were queued, and when the tree's size reached the target (the database's clock, polled).
     */
    record Integration(Instant started, Instant done) {

        Duration duration() {
            return Duration.between(started, done);
        }
    }

    /** The time of one proof's database work, in nanoseconds: the position, the nodes, and all of it. */
    record ProofTiming(long positionNanos, long nodesNanos, long totalNanos, int hashes) {}

    /** A table's size on disk (with its indexes and TOAST) and its rows. */
    record TableSize(String table, long bytes, long rows) {}

    private final Connection connection;

    private final PreparedStatement position;

    private final PreparedStatement nodes;

    private LogDatabase(Connection connection) throws SQLException {
        this.connection = connection;
        this.position = connection.prepareStatement(POSITION);
        this.nodes = connection.prepareStatement(NODES);
    }

    static LogDatabase of(Path dataDir) throws IOException, SQLException {
        return new LogDatabase(ServiceDatabase.connect(dataDir, ""));
    }

    /**
     * The cluster's cumulative counters: transactions committed in the service's database, WAL records, bytes and
     * flushes ({@code pg_stat_database}, {@code pg_stat_wal}). Backends report theirs at the latest 10 s after they
     * went idle, so read them 11 s after the work.
     */
    record Counters(long commits, long walRecords, long walBytes, long walSyncs) {

        Counters minus(Counters earlier) {
            return new Counters(
                    commits - earlier.commits,
                    walRecords - earlier.walRecords,
                    walBytes - earlier.walBytes,
                    walSyncs - earlier.walSyncs);
        }
    }

    static Counters counters(Path dataDir) throws IOException, SQLException {
        try (Connection c = ServiceDatabase.connect(dataDir, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                        SELECT (SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()),
                               wal_records, wal_bytes, wal_sync
                        FROM pg_stat_wal
                        """)) {
            rs.next();
            return new Counters(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
        }
    }

    /** Whether the schema has the log (V24__transparency_log.sql), i.e. whether the service is a build with it. */
    static boolean hasLog(Path dataDir) throws IOException, SQLException {
        try (Connection c = ServiceDatabase.connect(dataDir, "");
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regclass('transparency_log') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    long size() throws SQLException {
        return longOf("SELECT size FROM transparency_log WHERE id = 1");
    }

    long pending() throws SQLException {
        return longOf("SELECT count(*) FROM transparency_pending");
    }

    long checkpoints() throws SQLException {
        return longOf("SELECT count(*) FROM transparency_checkpoints");
    }

    long ledgerEntries() throws SQLException {
        return longOf("SELECT count(*) FROM consent_events");
    }

    Checkpoint newestCheckpoint() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs =
                        s.executeQuery("SELECT size, root FROM transparency_checkpoints ORDER BY size DESC LIMIT 1")) {
            return rs.next() ? new Checkpoint(rs.getLong(1), rs.getBytes(2)) : new Checkpoint(0, MerkleTree.EMPTY_ROOT);
        }
    }

    /** Waits until nothing is queued and a checkpoint covers the whole tree; false after {@code timeout}. */
    boolean awaitSettled(Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pending() == 0 && newestCheckpoint().size() == size()) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Queues {@code count} synthetic entries in one statement, committed: random entry hashes (SHA-256 of a seed and a
     * counter), spread over {@code subjects} synthetic users, fresh event ids. Answers the database's time after the
     * commit.
     */
    Instant queueSynthetic(long count, int subjects, String seed) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                INSERT INTO transparency_pending (event_id, subject, entry_hash)
                SELECT gen_random_uuid(), 'bench-log-synthetic-' || (i % ?), sha256(convert_to(? || ':' || i, 'UTF8'))
                FROM generate_series(1, ?) i
                """)) {
            ps.setInt(1, subjects);
            ps.setString(2, seed);
            ps.setLong(3, count);
            ps.executeUpdate();
        }
        return now();
    }

    /**
     * Waits until the tree has {@code target} leaves, polling every 50 ms: when it first sees a transaction of another
     * session on the log's tables (the sequencer's), and when the size is reached.
     */
    Integration awaitIntegration(long target, Instant queued, Duration timeout)
            throws SQLException, InterruptedException {
        Instant started = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT (SELECT size FROM transparency_log WHERE id = 1),
                       (SELECT min(xact_start) FROM pg_stat_activity
                        WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'
                          AND query ILIKE '%transparency\\_%' AND xact_start >= ?),
                       clock_timestamp()
                """)) {
            ps.setTimestamp(1, java.sql.Timestamp.from(queued));
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    java.sql.Timestamp xact = rs.getTimestamp(2);
                    if (xact != null && (started == null || xact.toInstant().isBefore(started))) {
                        started = xact.toInstant();
                    }
                    if (rs.getLong(1) >= target) {
                        Instant done = rs.getTimestamp(3).toInstant();
                        return new Integration(started == null ? queued : started, done);
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("the log did not reach " + target + " leaves within " + timeout);
    }

    /** The user's ledger entries, oldest first, with their indexes in the log. */
    List<Entry> entries(String subject) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT e.event_id, e.hash, p.idx FROM consent_events e
                LEFT JOIN transparency_positions p ON p.event_id = e.event_id
                WHERE e.subject = ? ORDER BY e.seq
                """)) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long index = rs.getLong(3);
                    entries.add(new Entry(
                            rs.getObject(1, UUID.class),
                            HexFormat.of().parseHex(rs.getString(2)),
                            rs.wasNull() ? -1 : index));
                }
            }
        }
        return entries;
    }

    /** The event ids of {@code count} entries at random indexes below {@code size} (fewer where several coincide). */
    List<UUID> randomPositions(int count, long size, long seed) throws SQLException {
        java.util.Random random = new java.util.Random(seed);
        long[] indexes = new long[count];
        for (int i = 0; i < count; i++) {
            indexes[i] = (long) (random.nextDouble() * size);
        }
        List<UUID> events = new ArrayList<>();
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT event_id FROM transparency_positions WHERE idx = ANY(?)")) {
            ps.setObject(1, indexes);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    events.add(rs.getObject(1, UUID.class));
                }
            }
        }
        if (events.isEmpty()) {
            throw new IllegalStateException("no positions among " + count + " random indexes below " + size);
        }
        java.util.Collections.shuffle(events, random);
        return events;
    }

    /** The log's entry (a leaf's data) at {@code index}. */
    byte[] leaf(long index) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT entry FROM transparency_leaves WHERE idx = ?")) {
            ps.setLong(1, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getBytes(1) : null;
            }
        }
    }

    /** The root of the tree of the first {@code size} leaves, from the stored subtree hashes. */
    byte[] root(long size) throws SQLException {
        try (PreparedStatement ps =
                connection.prepareStatement("SELECT hash FROM transparency_hashes WHERE level = ? AND idx = ?")) {
            return MerkleTree.root(size, (level, index) -> {
                try {
                    ps.setShort(1, (short) level);
                    ps.setLong(2, index);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("no node " + level + "/" + index);
                        }
                        return rs.getBytes(1);
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    /**
     * {@code TransparencyLog.coveredProof} of the entry, done here: the position statement, the nodes the inclusion
     * proof reads (found by running it once over placeholders, as the service does), the nodes statement, and the
     * proof's text. Timed, and the text checked to be a proof.
     */
    ProofTiming inclusionProof(UUID eventId) throws SQLException {
        long start = System.nanoTime();
        long index;
        long size;
        byte[] salt;
        String note;
        position.setObject(1, eventId);
        try (ResultSet rs = position.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("no position of " + eventId);
            }
            index = rs.getLong(1);
            salt = rs.getBytes(2);
            size = rs.getLong(3);
            note = rs.getString(4);
        }
        long positioned = System.nanoTime();
        NodeTiming read = readNodes(reader -> MerkleTree.inclusionProof(index, size, reader));
        StringBuilder proof = new StringBuilder("c2sp.org/tlog-proof@v1\n");
        proof.append("extra ").append(Base64.getEncoder().encodeToString(salt)).append('\n');
        proof.append("index ").append(index).append('\n');
        read.proof()
                .forEach(hash ->
                        proof.append(Base64.getEncoder().encodeToString(hash)).append('\n'));
        proof.append('\n').append(note);
        long end = System.nanoTime();
        if (proof.length() < 100) {
            throw new IllegalStateException("a short proof: " + proof);
        }
        return new ProofTiming(
                positioned - start, read.nanos(), end - start, read.proof().size());
    }

    /** {@code TransparencyLog.consistency}, done here and timed: the nodes statement and the proof. */
    ProofTiming consistencyProof(long from, long to) throws SQLException {
        long start = System.nanoTime();
        NodeTiming read = readNodes(reader -> MerkleTree.consistencyProof(from, to, reader));
        long end = System.nanoTime();
        return new ProofTiming(0, read.nanos(), end - start, read.proof().size());
    }

    private record NodeTiming(List<byte[]> proof, long nanos) {}

    private NodeTiming readNodes(java.util.function.Function<MerkleTree.NodeReader, List<byte[]>> proof)
            throws SQLException {
        List<long[]> wanted = new ArrayList<>();
        proof.apply((level, index) -> {
            wanted.add(new long[] {level, index});
            return UNREAD;
        });
        short[] levels = new short[wanted.size()];
        long[] indexes = new long[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            levels[i] = (short) wanted.get(i)[0];
            indexes[i] = wanted.get(i)[1];
        }
        long start = System.nanoTime();
        Map<String, byte[]> found = new HashMap<>();
        nodes.setObject(1, levels);
        nodes.setObject(2, indexes);
        try (ResultSet rs = nodes.executeQuery()) {
            while (rs.next()) {
                found.put(rs.getInt(1) + "/" + rs.getLong(2), rs.getBytes(3));
            }
        }
        long nanos = System.nanoTime() - start;
        List<byte[]> hashes = proof.apply((level, index) -> {
            byte[] hash = found.get(level + "/" + index);
            if (hash == null) {
                throw new IllegalStateException("the log lacks its node " + level + "/" + index);
            }
            return hash;
        });
        return new NodeTiming(hashes, nanos);
    }

    /**
     * How PostgreSQL plans the proof's nodes statement now (a proof's worth of nodes of the first leaves), in short:
     * {@code index} when every node is an index lookup, else the plan's scan nodes; and how many rows of
     * {@code transparency_hashes} changed since it was last analysed (its statistics drive that plan).
     */
    String nodesPlan() throws SQLException {
        List<String> scans = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("EXPLAIN " + NODES)) {
            short[] levels = new short[20];
            long[] indexes = new long[20];
            for (int i = 0; i < 20; i++) {
                levels[i] = (short) i;
            }
            ps.setObject(1, levels);
            ps.setObject(2, indexes);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String line = rs.getString(1).trim().replaceFirst("^->\\s*", "");
                    if (line.contains("Scan") && !line.startsWith("Function Scan")) {
                        scans.add(line.replaceFirst("\\s*\\(cost=.*", ""));
                    }
                }
            }
        }
        return String.join("; ", scans) + "; "
                + longOf("SELECT n_mod_since_analyze FROM pg_stat_user_tables"
                        + " WHERE relname = 'transparency_hashes'")
                + " rows changed since the last ANALYZE";
    }

    /** Every table of the log: its size on disk with indexes ({@code pg_total_relation_size}) and its rows. */
    List<TableSize> tableSizes() throws SQLException {
        List<TableSize> sizes = new ArrayList<>();
        for (String table : TABLES) {
            sizes.add(new TableSize(
                    table,
                    longOf("SELECT pg_total_relation_size('" + table + "')"),
                    longOf("SELECT count(*) FROM " + table)));
        }
        return sizes;
    }

    /** PostgreSQL's version, {@code shared_buffers} (in 8 kB pages) and {@code synchronous_commit}, for the report. */
    Map<String, String> settings() throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT name, setting FROM pg_settings WHERE name IN"
                        + " ('shared_buffers', 'synchronous_commit', 'server_version')")) {
            while (rs.next()) {
                values.put(rs.getString(1), rs.getString(2));
            }
        }
        return values;
    }

    private Instant now() throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private long longOf(String sql) throws SQLException {
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws SQLException {
        position.close();
        nodes.close();
        connection.close();
    }
}
