package dev.camroll.transparency.internal;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The transparency module's tables, the only class with their SQL. JdbcClient, not JPA: the tree grows by bulk inserts
 * ({@code unnest}) under the one-row lock of {@code transparency_log}, and the reads are point lookups by key.
 */
@Component
class LogTables {

    /** A ledger entry waiting for its leaf. */
    record Pending(long queued, UUID eventId, String subject, byte[] entryHash) {}

    /** A signed checkpoint as stored and served. */
    record Checkpoint(long size, byte[] root, String note, Instant signedAt) {}

    /** Where an entry sits and the salt its leaf was made with. */
    record Position(long index, byte[] salt) {}

    /** An entry's position and the newest checkpoint (size 0 and no note before the first), which covers it or not. */
    record Covered(Position position, long size, @Nullable String note) {

        boolean covered() {
            return position.index() < size;
        }
    }

    /** A node of the tree: (level, index) and its hash. */
    record Node(int level, long index, byte[] hash) {}

    private final JdbcClient jdbc;

    LogTables(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void enqueue(UUID eventId, String subject, byte[] entryHash) {
        jdbc.sql("INSERT INTO transparency_pending (event_id, subject, entry_hash) VALUES (?, ?, ?)")
                .params(eventId, subject, entryHash)
                .update();
    }

    /**
     * The tree's size, with its row locked for the rest of the transaction (one integrator at a time). Waits at most
     * 5 s for the lock; and a session that stops talking inside the integration (its machine gone without closing the
     * connection) is ended after 30 s, so its lock cannot hold every instance's proofs for the hours TCP takes.
     */
    long lockSize() {
        jdbc.sql("""
                SELECT set_config('lock_timeout', '5s', true), set_config('idle_in_transaction_session_timeout', '30s', true)
                """).query(rs -> {});
        return jdbc.sql("SELECT size FROM transparency_log WHERE id = 1 FOR UPDATE")
                .query(Long.class)
                .single();
    }

    long size() {
        return jdbc.sql("SELECT size FROM transparency_log WHERE id = 1")
                .query(Long.class)
                .single();
    }

    void grow(long size, byte[] root) {
        jdbc.sql("UPDATE transparency_log SET size = ?, root = ? WHERE id = 1")
                .params(size, root)
                .update();
    }

    List<Pending> pending(int limit) {
        return jdbc.sql(
                        "SELECT queued, event_id, subject, entry_hash FROM transparency_pending ORDER BY queued LIMIT ?")
                .param(limit)
                .query((rs, n) ->
                        new Pending(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getBytes(4)))
                .list();
    }

    boolean anyPending() {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM transparency_pending)")
                .query(Boolean.class)
                .single();
    }

    void dequeue(long[] queued) {
        jdbc.sql("DELETE FROM transparency_pending WHERE queued = ANY(?)")
                .param(queued)
                .update();
    }

    /**
     * The salts of {@code subjects}, made for those who have none yet ({@code fresh} offers one per subject); a
     * forgotten subject answers no salt.
     */
    Map<String, byte[]> salts(String[] subjects, byte[][] fresh) {
        jdbc.sql("""
                INSERT INTO transparency_salts (subject, salt) SELECT * FROM unnest(?::varchar[], ?::bytea[])
                ON CONFLICT (subject) DO NOTHING
                """).params(subjects, fresh).update();
        Map<String, byte[]> salts = new HashMap<>();
        jdbc.sql("SELECT subject, salt FROM transparency_salts WHERE subject = ANY(?) AND salt IS NOT NULL")
                .param(subjects)
                .query(rs -> {
                    salts.put(rs.getString(1), rs.getBytes(2));
                });
        return salts;
    }

    void addLeaves(long[] indexes, byte[][] entries) {
        jdbc.sql("INSERT INTO transparency_leaves (idx, entry) SELECT * FROM unnest(?::bigint[], ?::bytea[])")
                .params(indexes, entries)
                .update();
    }

    void addPositions(UUID[] events, String[] subjects, long[] indexes) {
        jdbc.sql("""
                INSERT INTO transparency_positions (event_id, subject, idx)
                SELECT * FROM unnest(?::uuid[], ?::varchar[], ?::bigint[])
                """).params(events, subjects, indexes).update();
    }

    void addNodes(List<Node> nodes) {
        short[] levels = new short[nodes.size()];
        long[] indexes = new long[nodes.size()];
        byte[][] hashes = new byte[nodes.size()][];
        for (int i = 0; i < nodes.size(); i++) {
            levels[i] = (short) nodes.get(i).level();
            indexes[i] = nodes.get(i).index();
            hashes[i] = nodes.get(i).hash();
        }
        jdbc.sql(
                        "INSERT INTO transparency_hashes (level, idx, hash) SELECT * FROM unnest(?::smallint[], ?::bigint[], ?::bytea[])")
                .params(levels, indexes, hashes)
                .update();
    }

    /** The hashes of the nodes at {@code levels[i], indexes[i]}, keyed by {@link #key}; missing ones are absent. */
    Map<String, byte[]> nodes(short[] levels, long[] indexes) {
        Map<String, byte[]> found = new HashMap<>();
        jdbc.sql("""
                SELECT h.level, h.idx, h.hash FROM transparency_hashes h
                JOIN unnest(?::smallint[], ?::bigint[]) AS wanted (level, idx) ON h.level = wanted.level AND h.idx = wanted.idx
                """).params(levels, indexes).query(rs -> {
            found.put(key(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
        });
        return found;
    }

    /** The hashes of level {@code level} from index {@code from}, {@code count} of them, in order. */
    List<byte[]> row(int level, long from, int count) {
        return jdbc.sql("SELECT hash FROM transparency_hashes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx")
                .params((short) level, from, from + count)
                .query((rs, n) -> rs.getBytes(1))
                .list();
    }

    List<byte[]> entries(long from, int count) {
        return jdbc.sql("SELECT entry FROM transparency_leaves WHERE idx >= ? AND idx < ? ORDER BY idx")
                .params(from, from + count)
                .query((rs, n) -> rs.getBytes(1))
                .list();
    }

    static String key(int level, long index) {
        return level + "/" + index;
    }

    /** Where an entry sits, with its salt and the newest checkpoint, read in one statement. */
    Optional<Covered> position(UUID eventId) {
        return jdbc.sql("""
                SELECT p.idx, s.salt, c.size, c.note FROM transparency_positions p
                JOIN transparency_salts s ON s.subject = p.subject AND s.salt IS NOT NULL
                LEFT JOIN LATERAL (SELECT size, note FROM transparency_checkpoints ORDER BY size DESC LIMIT 1) c ON true
                WHERE p.event_id = ?
                """)
                .param(eventId)
                .query((rs, n) ->
                        new Covered(new Position(rs.getLong(1), rs.getBytes(2)), rs.getLong(3), rs.getString(4)))
                .optional();
    }

    Optional<Checkpoint> latestCheckpoint() {
        return jdbc.sql("SELECT size, root, note, signed_at FROM transparency_checkpoints ORDER BY size DESC LIMIT 1")
                .query((rs, n) -> new Checkpoint(
                        rs.getLong(1),
                        rs.getBytes(2),
                        rs.getString(3),
                        rs.getTimestamp(4).toInstant()))
                .optional();
    }

    void addCheckpoint(Checkpoint checkpoint) {
        jdbc.sql("INSERT INTO transparency_checkpoints (size, root, note, signed_at) VALUES (?, ?, ?, ?)")
                .params(checkpoint.size(), checkpoint.root(), checkpoint.note(), Timestamp.from(checkpoint.signedAt()))
                .update();
    }

    /** Marks {@code subject} to be forgotten by the next integration. */
    void markForgotten(String subject) {
        jdbc.sql("""
                INSERT INTO transparency_salts (subject, salt, forget) VALUES (?, NULL, true)
                ON CONFLICT (subject) DO UPDATE SET forget = true
                """).param(subject).update();
    }

    /**
     * Drops the salt and positions of every subject marked forgotten that has nothing queued any more; answers how
     * many subjects were forgotten. A later entry of the same subject (a new account under an erased subject) gets a
     * new salt.
     */
    int forgetMarked() {
        List<String> subjects = jdbc.sql("""
                DELETE FROM transparency_salts s
                WHERE s.forget AND NOT EXISTS (SELECT 1 FROM transparency_pending p WHERE p.subject = s.subject)
                RETURNING s.subject
                """).query(String.class).list();
        if (!subjects.isEmpty()) {
            jdbc.sql("DELETE FROM transparency_positions WHERE subject = ANY(?)")
                    .param(subjects.toArray(String[]::new))
                    .update();
        }
        return subjects.size();
    }

    /** The nodes that hold the complete subtrees on the right edge of a tree of {@code size}, largest first. */
    List<byte[]> frontier(long size, List<long[]> positions) {
        short[] levels = new short[positions.size()];
        long[] indexes = new long[positions.size()];
        for (int i = 0; i < positions.size(); i++) {
            levels[i] = (short) positions.get(i)[0];
            indexes[i] = positions.get(i)[1];
        }
        Map<String, byte[]> found = nodes(levels, indexes);
        List<byte[]> hashes = new ArrayList<>();
        for (long[] position : positions) {
            byte[] hash = found.get(key((int) position[0], position[1]));
            if (hash == null) {
                throw new IllegalStateException("the transparency log of " + size + " leaves lacks its node "
                        + position[0] + "/" + position[1]);
            }
            hashes.add(hash);
        }
        return hashes;
    }
}
