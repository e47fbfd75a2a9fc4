package dev.camroll.privacy.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.camroll.consent.PendingPurges;
import dev.camroll.identity.Subject;
import dev.camroll.privacy.PurgeScope;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code purges} table and its {@code purge_keys} (the keys a purge deleted, kept after it finished as the evidence
 * of the deletion): the only class with their SQL. JdbcClient, not JPA: each step of a purge re-reads its row under
 * {@code FOR UPDATE} after earlier reads in the same transaction and must see what another run committed meanwhile (a
 * widened scope, added counts), which a persistence context would answer from its first copy; the keys are bulk
 * inserts ({@code unnest ... ON CONFLICT}), never updated or deleted.
 */
@Component
class Purges implements PendingPurges {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final TypeReference<TreeMap<String, Long>> COUNTS = new TypeReference<>() {};

    /**
     * A purge as stored: what it deletes, when it is due, what it deleted so far, and how it ended; {@code
     * objectKeysRoot} is the Merkle tree hash of the deleted keys, null while it runs and for a purge that finished
     * before its keys were kept.
     */
    record Purge(
            PurgeId purgeId,
            Subject subject,
            PurgeScope scope,
            @Nullable UUID causeEventId,
            Instant requestedAt,
            Instant deadlineAt,
            Map<String, Long> counts,
            @Nullable Instant finishedAt,
            @Nullable UUID ledgerEventId,
            @Nullable String objectKeysRoot) {

        boolean finished() {
            return finishedAt != null;
        }
    }

    private final JdbcClient jdbc;

    Purges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The user's unfinished purge, locked for the caller's transaction. */
    @Transactional(propagation = Propagation.MANDATORY)
    Optional<Purge> lockPending(Subject subject) {
        return jdbc.sql("SELECT * FROM purges WHERE subject = ? AND finished_at IS NULL FOR UPDATE")
                .param(subject.value())
                .query(Purges::purge)
                .optional();
    }

    @Transactional(propagation = Propagation.MANDATORY)
    PurgeId insert(Subject subject, PurgeScope scope, @Nullable UUID causeEventId, Instant now, Duration deadline) {
        PurgeId id = PurgeId.next();
        jdbc.sql("""
                INSERT INTO purges (purge_id, subject, scope, cause_event_id, requested_at, deadline_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
                .params(
                        id.value(),
                        subject.value(),
                        scope.column(),
                        causeEventId,
                        Timestamp.from(now),
                        Timestamp.from(now.plus(deadline)))
                .update();
        return id;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    void widen(PurgeId purgeId, PurgeScope scope) {
        jdbc.sql("UPDATE purges SET scope = ? WHERE purge_id = ?")
                .params(scope.column(), purgeId.value())
                .update();
    }

    Optional<Purge> find(PurgeId purgeId) {
        return jdbc.sql("SELECT * FROM purges WHERE purge_id = ?")
                .param(purgeId.value())
                .query(Purges::purge)
                .optional();
    }

    /** The user's purges, oldest first. */
    List<Purge> of(Subject subject) {
        return jdbc.sql("SELECT * FROM purges WHERE subject = ? ORDER BY requested_at")
                .param(subject.value())
                .query(Purges::purge)
                .list();
    }

    @Override
    public boolean pending(Subject subject) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM purges WHERE subject = ? AND finished_at IS NULL)")
                .param(subject.value())
                .query(Boolean.class)
                .single();
    }

    /** Adds what one step deleted to the purge's counts (a resumed purge adds up its runs). */
    @Transactional(propagation = Propagation.MANDATORY)
    void addCounts(PurgeId purgeId, Map<String, Integer> deleted) {
        TreeMap<String, Long> counts = JSON.readValue(
                jdbc.sql("SELECT counts FROM purges WHERE purge_id = ? FOR UPDATE")
                        .param(purgeId.value())
                        .query(String.class)
                        .single(),
                COUNTS);
        deleted.forEach((kind, n) -> counts.merge(kind, n.longValue(), Long::sum));
        jdbc.sql("UPDATE purges SET counts = ? WHERE purge_id = ?")
                .params(JSON.writeValueAsString(counts), purgeId.value())
                .update();
    }

    /**
     * Records keys about to be deleted, so a purge resumed after a crash still digests them; they stay after the purge
     * finished, as the leaves of its {@code objectKeysRoot}.
     */
    void recordKeys(PurgeId purgeId, Collection<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO purge_keys (purge_id, object_key) SELECT ?, unnest(?) ON CONFLICT DO NOTHING
                """).params(purgeId.value(), keys.toArray(String[]::new)).update();
    }

    List<String> keys(PurgeId purgeId) {
        return jdbc.sql("SELECT object_key FROM purge_keys WHERE purge_id = ?")
                .param(purgeId.value())
                .query(String.class)
                .list();
    }

    /**
     * Closes the purge with its {@code DATA_PURGED} entry, the final counts (objects included) and the root of its
     * keys, which stay in {@code purge_keys}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void finish(PurgeId purgeId, UUID ledgerEventId, Instant now, Map<String, Long> counts, String objectKeysRoot) {
        jdbc.sql("""
                UPDATE purges SET finished_at = ?, ledger_event_id = ?, counts = ?, object_keys_root = ?
                WHERE purge_id = ?
                """)
                .params(
                        Timestamp.from(now),
                        ledgerEventId,
                        JSON.writeValueAsString(new TreeMap<>(counts)),
                        objectKeysRoot,
                        purgeId.value())
                .update();
    }

    /** When the oldest unfinished purge was requested, and how many are past their deadline. */
    record Backlog(@Nullable Instant oldestRequestedAt, long pending, long overdue) {}

    Backlog backlog() {
        return jdbc.sql("""
                SELECT min(requested_at), count(*), count(*) FILTER (WHERE deadline_at < now())
                FROM purges WHERE finished_at IS NULL
                """)
                .query((rs, n) -> new Backlog(instant(rs.getTimestamp(1)), rs.getLong(2), rs.getLong(3)))
                .single();
    }

    private static Purge purge(ResultSet rs, int row) throws SQLException {
        return new Purge(
                new PurgeId(rs.getObject("purge_id", UUID.class)),
                Subject.of(rs.getString("subject")),
                scope(rs.getString("scope")),
                rs.getObject("cause_event_id", UUID.class),
                rs.getTimestamp("requested_at").toInstant(),
                rs.getTimestamp("deadline_at").toInstant(),
                JSON.readValue(rs.getString("counts"), COUNTS),
                instant(rs.getTimestamp("finished_at")),
                rs.getObject("ledger_event_id", UUID.class),
                rs.getString("object_keys_root"));
    }

    private static PurgeScope scope(String column) {
        for (PurgeScope scope : PurgeScope.values()) {
            if (scope.column().equals(column)) {
                return scope;
            }
        }
        throw new IllegalArgumentException("no purge scope " + column);
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
