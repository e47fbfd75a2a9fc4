package dev.camroll.jobs.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.identity.Subject;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobState;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code jobs} table: every state change of a job is one statement here, guarded by the state it leaves.
 * Enqueue and cancel run in the caller's transaction; the worker's statements each commit on their own.
 */
// JdbcClient, not JPA: claims are FOR UPDATE SKIP LOCKED, enqueue is an INSERT ... ON CONFLICT, the rest set-based.
class Jobs {

    /** Longest {@code last_error} kept; the column refuses more. */
    static final int MAX_ERROR_LENGTH = 2000;

    /** Rows a housekeeping statement touches at once, so none holds many locks or runs long. */
    private static final int BATCH = 500;

    private static final int MAX_REMOVED_PER_ROUND = 20 * BATCH;

    /** A job taken back from an expired lease, and what it became. */
    record Recovered(UUID id, String type, JobState state) {}

    /** Queued, running or dead jobs of a type, and how long the oldest due queued one has waited. */
    record OpenCount(String type, JobState state, long jobs, double oldestDueSeconds) {}

    private final JdbcClient jdbc;

    Jobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The enqueue's statement (parameters as {@link #enqueue} passes them); tests explain it. */
    static final String ENQUEUE = """
            INSERT INTO jobs (id, type, subject, payload, state, attempts, max_attempts, run_at, fair_at,
                              dedupe_key, urgent, created_at, updated_at)
            SELECT ?, ?, ?, ?, 'queued', 0, ?, due.run_at,
                   greatest(due.run_at, (SELECT max(q.fair_at) FROM jobs q
                                         WHERE q.subject = CAST(? AS varchar) AND q.state = 'queued'
                                               AND q.run_at <= now()) + make_interval(secs => ?)),
                   ?, ?, now(), now()
            FROM (SELECT coalesce(CAST(? AS timestamptz), now()) + make_interval(secs => ?) AS run_at) due
            ON CONFLICT (type, dedupe_key) WHERE state = 'queued' AND dedupe_key IS NOT NULL
            DO UPDATE SET run_at = least(jobs.run_at, excluded.run_at), fair_at = least(jobs.fair_at, excluded.fair_at),
                          updated_at = now()
            RETURNING id
            """;

    /**
     * Inserts a queued job, or, when a queued job of the type already has the options' dedupe key, returns that
     * one's id and moves its {@code run_at} (and turn) earlier if this enqueue asked for earlier. The job's turn
     * ({@code fair_at}) is the later of its {@code run_at} and {@code step} after the subject's last due queued job, so
     * a subject's k-th waiting job is claimed as if queued k-1 steps later (see {@link #claim}).
     */
    UUID enqueue(
            String type,
            @Nullable Subject subject,
            String payload,
            JobOptions options,
            int defaultMaxAttempts,
            Duration step) {
        String user = subject == null ? null : subject.value();
        // ON CONFLICT names the partial unique index by its columns and predicate. Should the waiting job be claimed
        // meanwhile, PostgreSQL re-checks and inserts a new queued job, as the claimed one may have read older state.
        // The last turn is looked up among due jobs only: a delayed job (a pending rebuild) or one waiting out a
        // backoff does not push the subject's new work back. GREATEST ignores the NULL of a subject without any.
        return jdbc.sql(ENQUEUE)
                .params(
                        Ids.newId(),
                        type,
                        user,
                        payload,
                        options.maxAttempts() == null ? defaultMaxAttempts : options.maxAttempts(),
                        user,
                        seconds(step),
                        options.dedupeKey(),
                        options.urgent(),
                        options.runAt() == null ? null : Timestamp.from(options.runAt()),
                        seconds(options.delay()))
                .query(UUID.class)
                .single();
    }

    int cancelQueued(Subject subject) {
        return jdbc.sql("""
                UPDATE jobs SET state = 'cancelled', finished_at = now(), updated_at = now()
                WHERE subject = ? AND state = 'queued'
                """).param(subject.value()).update();
    }

    int countRunning(Subject subject) {
        return jdbc.sql("SELECT count(*) FROM jobs WHERE subject = ? AND state = 'running'")
                .param(subject.value())
                .query(Integer.class)
                .single();
    }

    int deleteNotRunning(Subject subject) {
        return jdbc.sql("DELETE FROM jobs WHERE subject = ? AND state <> 'running'")
                .param(subject.value())
                .update();
    }

    /**
     * Counts of the waiting queue, capped by their LIMIT; tests explain them. The ORDER BY follows the index, which
     * pins the plan to an index range that stops at the LIMIT: without it, where most rows match, the planner bets on
     * a sequential scan finding them early, and reads the whole table when they lie at its end.
     */
    static final String COUNT_QUEUED_FOR_SUBJECT = """
            SELECT count(*) FROM (
                SELECT 1 FROM jobs WHERE subject = ? AND type = ? AND state = 'queued' ORDER BY fair_at LIMIT ?) AS capped
            """;

    static final String COUNT_QUEUED = """
            SELECT count(*) FROM (
                SELECT 1 FROM jobs WHERE type = ? AND state = 'queued' ORDER BY run_at LIMIT ?) AS capped
            """;

    /**
     * Queued jobs of {@code type} for {@code subject}, counted up to {@code atMost}: an index-only range of at most
     * that many entries, so a request may ask however long the backlog is.
     */
    long countQueued(Subject subject, String type, long atMost) {
        return jdbc.sql(COUNT_QUEUED_FOR_SUBJECT)
                .params(subject.value(), type, atMost)
                .query(Long.class)
                .single();
    }

    /** Queued jobs of {@code type} of all subjects, counted up to {@code atMost} (as {@link #countQueued}). */
    long countQueued(String type, long atMost) {
        return jdbc.sql(COUNT_QUEUED).params(type, atMost).query(Long.class).single();
    }

    Map<JobState, Long> countByState(String type) {
        Map<JobState, Long> counts = new EnumMap<>(JobState.class);
        for (JobState state : JobState.values()) {
            counts.put(state, 0L);
        }
        jdbc.sql("SELECT state, count(*) FROM jobs WHERE type = ? GROUP BY state")
                .param(type)
                .query((rs, n) -> counts.put(state(rs.getString(1)), rs.getLong(2)))
                .list();
        return counts;
    }

    /** The claim's statement (parameters as {@link #claim} passes them); tests explain it. */
    static final String CLAIM = """
            WITH due AS MATERIALIZED (
                SELECT id FROM jobs
                WHERE state = 'queued' AND run_at <= now() AND type = ANY (?)
                ORDER BY urgent DESC, fair_at, id
                LIMIT ?
                FOR UPDATE SKIP LOCKED
            )
            UPDATE jobs SET state = 'running', locked_by = ?, locked_until = now() + make_interval(secs => ?),
                            attempts = attempts + 1, updated_at = now()
            WHERE jobs.id = ANY (ARRAY(SELECT id FROM due))
            RETURNING jobs.id, jobs.type, jobs.subject, jobs.payload, jobs.attempts, jobs.max_attempts
            """;

    /**
     * Claims up to {@code limit} due jobs of {@code types} for {@code worker}: running, leased until now + lease, one
     * more attempt. Urgent jobs go first, then jobs by turn ({@code fair_at}, see {@link #enqueue}): the subjects take
     * turns rather than one subject's backlog going first. Rows other workers are claiming are skipped, not waited
     * for. The selection is a MATERIALIZED CTE because a plain {@code IN (SELECT ... LIMIT ... SKIP LOCKED)} may be
     * re-run by the planner inside one statement and then claim more than the limit; the update takes its ids as an
     * array, which is always a primary-key lookup (a join with the CTE may become a hash join over the whole table in
     * the generic plan of a prepared statement, whose LIMIT is unknown).
     */
    List<Job> claim(String worker, Collection<String> types, int limit, Duration lease) {
        return jdbc.sql(CLAIM)
                .params(types.toArray(String[]::new), limit, worker, seconds(lease))
                .query(Jobs::job)
                .list();
    }

    /** Records success; false when {@code worker} no longer holds this attempt (its lease expired). */
    boolean complete(Job job, String worker) {
        return jdbc.sql("""
                UPDATE jobs SET state = 'done', locked_until = NULL, finished_at = now(), updated_at = now()
                WHERE id = ? AND state = 'running' AND locked_by = ? AND attempts = ?
                """).params(job.id(), worker, job.attempt()).update() == 1;
    }

    /**
     * Records a failed attempt and queues the job again after {@code delay}; false when {@code worker} no longer holds
     * this attempt. If meanwhile another job of the type with the same dedupe key was queued, that one stands for this
     * one, which is cancelled (at most one queued job per key). With {@code refund} the attempt is not counted (an
     * outage of the database or the object store is no fault of the job's).
     */
    boolean retry(Job job, String worker, String error, Duration delay, boolean refund) {
        try {
            return jdbc.sql("""
                    UPDATE jobs SET state = 'queued', run_at = now() + make_interval(secs => ?), locked_until = NULL,
                                    last_error = ?, updated_at = now(), attempts = attempts - ?
                    WHERE id = ? AND state = 'running' AND locked_by = ? AND attempts = ?
                    """)
                            .params(seconds(delay), truncate(error), refund ? 1 : 0, job.id(), worker, job.attempt())
                            .update()
                    == 1;
        } catch (DuplicateKeyException superseded) {
            return finish(
                    job,
                    worker,
                    JobState.CANCELLED,
                    error + " (not retried: a queued job with the same dedupe key takes its place)");
        }
    }

    /**
     * Renews the leases of the jobs {@code worker} runs, to {@code heldFor} from now but never beyond {@code lease}
     * after their claim (a claim sets {@code updated_at}, and nothing else changes it while the job runs), so a job
     * that runs too long still loses its lease. An expired lease is not renewed: it is recovery's. Answers how many.
     */
    int renewLeases(String worker, Duration heldFor, Duration lease) {
        return jdbc.sql("""
                UPDATE jobs SET locked_until = least(updated_at + make_interval(secs => ?), now() + make_interval(secs => ?))
                WHERE state = 'running' AND locked_by = ? AND locked_until > now()
                """).params(seconds(lease), seconds(heldFor), worker).update();
    }

    /** Records a failure after which the job is dead; false when {@code worker} no longer holds this attempt. */
    boolean bury(Job job, String worker, String error) {
        return finish(job, worker, JobState.DEAD, error);
    }

    private boolean finish(Job job, String worker, JobState state, String error) {
        return jdbc.sql("""
                UPDATE jobs SET state = ?, locked_until = NULL, last_error = ?, finished_at = now(), updated_at = now()
                WHERE id = ? AND state = 'running' AND locked_by = ? AND attempts = ?
                """)
                        .params(column(state), truncate(error), job.id(), worker, job.attempt())
                        .update()
                == 1;
    }

    /**
     * Takes back running jobs whose lease has expired: their worker is presumed dead, and the claim already counted
     * the attempt. With attempts left a job is queued again after the same backoff as a failure ({@link Backoff}),
     * so a job that crashes its worker every time does not crash every worker at once; otherwise it is dead.
     */
    List<Recovered> recoverExpiredLeases(Duration backoffBase, Duration backoffMax) {
        return recoverLeases(null, backoffBase, backoffMax);
    }

    /**
     * As {@link #recoverExpiredLeases}, and takes back every job a worker other than {@code soleWorker} holds, expired
     * or not. Only for a worker that knows no other is alive on this database (the embedded mode: no other process can
     * run its cluster), so any other holder is a process that died and its jobs need not wait for their leases.
     */
    List<Recovered> recoverLeases(@Nullable String soleWorker, Duration backoffBase, Duration backoffMax) {
        return jdbc.sql("""
                WITH taken AS MATERIALIZED (
                    SELECT id, type, dedupe_key, attempts >= max_attempts AS spent, locked_until
                    FROM jobs
                    WHERE state = 'running' AND (locked_until < now() OR locked_by <> ?::text)
                    ORDER BY locked_until
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED
                ), expired AS (
                    -- At most one queued job per dedupe key: of several taken back with one key, the first stays.
                    SELECT id,
                           CASE WHEN spent THEN 'dead'
                                WHEN dedupe_key IS NOT NULL AND (
                                    EXISTS (
                                        SELECT 1 FROM jobs q
                                        WHERE q.type = t.type AND q.dedupe_key = t.dedupe_key AND q.state = 'queued')
                                    OR row_number() OVER (
                                        PARTITION BY type, dedupe_key ORDER BY spent, locked_until, id) > 1)
                                    THEN 'cancelled'
                                ELSE 'queued' END AS next_state
                    FROM taken t
                )
                UPDATE jobs SET state = expired.next_state,
                                run_at = CASE WHEN expired.next_state = 'queued'
                                    THEN now() + make_interval(secs => least(?, ? * power(2, attempts - 1))
                                                                       * (0.5 + random() / 2))
                                    ELSE run_at END,
                                last_error = CASE WHEN locked_until < now() THEN 'lease expired: '
                                    ELSE 'its process ended: ' END || locked_by || ' did not finish attempt ' || attempts,
                                locked_until = NULL,
                                finished_at = CASE WHEN expired.next_state = 'queued' THEN NULL ELSE now() END,
                                updated_at = now()
                FROM expired WHERE jobs.id = expired.id
                RETURNING jobs.id, jobs.type, jobs.state
                """)
                .params(soleWorker, BATCH, seconds(backoffMax), seconds(backoffBase))
                .query((rs, n) -> new Recovered(rs.getObject(1, UUID.class), rs.getString(2), state(rs.getString(3))))
                .list();
    }

    /**
     * Deletes done and cancelled jobs that finished more than {@code retention} ago, in batches and at most
     * {@value #MAX_REMOVED_PER_ROUND} per call so the dispatcher is not held up; returns how many.
     */
    int removeFinished(Duration retention) {
        int removed = 0;
        int batch;
        do {
            batch = jdbc.sql("""
                    DELETE FROM jobs WHERE id IN (
                        SELECT id FROM jobs
                        WHERE state IN ('done', 'cancelled') AND finished_at < now() - make_interval(secs => ?)
                        LIMIT ?)
                    """).params(seconds(retention), BATCH).update();
            removed += batch;
        } while (batch >= BATCH && removed < MAX_REMOVED_PER_ROUND);
        return removed;
    }

    List<OpenCount> openCounts() {
        return jdbc.sql("""
                SELECT type, state, count(*),
                       coalesce(extract(epoch FROM now() - min(run_at) FILTER (WHERE state = 'queued' AND run_at <= now())), 0)
                FROM jobs
                WHERE state IN ('queued', 'running', 'dead')
                GROUP BY type, state
                """)
                .query((rs, n) ->
                        new OpenCount(rs.getString(1), state(rs.getString(2)), rs.getLong(3), rs.getDouble(4)))
                .list();
    }

    /** A state as {@code jobs.state} stores it: its name in lower case. */
    static String column(JobState state) {
        return state.name().toLowerCase(Locale.ROOT);
    }

    static JobState state(String column) {
        return JobState.valueOf(column.toUpperCase(Locale.ROOT));
    }

    private static Job job(ResultSet rs, int row) throws SQLException {
        String subject = rs.getString("subject");
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getString("type"),
                subject == null ? null : Subject.of(subject),
                rs.getString("payload"),
                rs.getInt("attempts"),
                rs.getInt("max_attempts"));
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    static @Nullable String truncate(@Nullable String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH
                ? error
                : error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
    }
}
