package dev.camroll.jobs.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import dev.camroll.jobs.JobSettings;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The statements a request or the dispatcher runs against {@code jobs} read an index range, not the table: with a
 * backlog of 20,000 jobs of one user and a week's history of 20,000 finished jobs, analysed, no plan (neither the
 * one for the given values nor the generic one a prepared statement may switch to) contains a sequential scan of
 * {@code jobs}. The plans and their times are printed.
 */
class JobQueryPlanTests extends JobsTest {

    static final int BACKLOG = 20_000;

    static final int HISTORY = 20_000;

    @Autowired
    DataSource dataSource;

    @Autowired
    JobSettings settings;

    private final String type = TestHandlers.unhandledType();

    private final String historyType = TestHandlers.unhandledType();

    private final String hoarder = newUser("hoarder");

    @AfterEach
    void removeRows() {
        jdbc.update("DELETE FROM jobs WHERE type IN (?, ?)", type, historyType);
    }

    @Test
    void theBacklogCountsTheEnqueueAndTheClaimUseIndexesWithThousandsOfJobs() throws Exception {
        fill();
        String other = newUser("other");
        double step = settings.fairnessStep().toNanos() / 1e9;
        String[] claimed = {type};
        List<String> plans = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                plans.add(explain(
                        connection, "user's backlog count", Jobs.COUNT_QUEUED_FOR_SUBJECT, hoarder, type, 1000L));
                plans.add(explainGeneric(
                        connection,
                        "user's backlog count",
                        Jobs.COUNT_QUEUED_FOR_SUBJECT,
                        "varchar, varchar, bigint",
                        literal(hoarder) + ", " + literal(type) + ", 1000"));
                plans.add(explain(
                        connection,
                        "backlog count of a user without jobs",
                        Jobs.COUNT_QUEUED_FOR_SUBJECT,
                        other,
                        type,
                        1000L));
                plans.add(explainGeneric(
                        connection,
                        "backlog count of a user without jobs",
                        Jobs.COUNT_QUEUED_FOR_SUBJECT,
                        "varchar, varchar, bigint",
                        literal(other) + ", " + literal(type) + ", 1000"));
                plans.add(explain(connection, "everyone's backlog count", Jobs.COUNT_QUEUED, type, 10_000L));
                plans.add(explainGeneric(
                        connection,
                        "everyone's backlog count",
                        Jobs.COUNT_QUEUED,
                        "varchar, bigint",
                        literal(type) + ", 10000"));
                for (String subject : List.of(hoarder, other)) {
                    plans.add(explain(
                            connection,
                            "enqueue for " + subject,
                            Jobs.ENQUEUE,
                            UUID.randomUUID(),
                            type,
                            subject,
                            "{}",
                            5,
                            subject,
                            step,
                            NULL_TEXT,
                            false,
                            NULL_TIME,
                            0.0));
                    plans.add(explainGeneric(
                            connection,
                            "enqueue for " + subject,
                            Jobs.ENQUEUE,
                            "uuid, varchar, varchar, text, int, varchar, float8, varchar, boolean, timestamptz, float8",
                            literal(UUID.randomUUID().toString()) + ", " + literal(type) + ", " + literal(subject)
                                    + ", '{}', 5, " + literal(subject) + ", " + step + ", NULL, false, NULL, 0"));
                }
                plans.add(explain(
                        connection,
                        "claim",
                        Jobs.CLAIM,
                        connection.createArrayOf("varchar", claimed),
                        4,
                        "plan-test",
                        300.0));
                plans.add(explainGeneric(
                        connection,
                        "claim",
                        Jobs.CLAIM,
                        "varchar[], int, varchar, float8",
                        "ARRAY[" + literal(type) + "]::varchar[], 4, 'plan-test', 300"));
            } finally {
                connection.rollback(); // the explained enqueues and claims ran; none of it is kept
            }
        }

        assertThat(plans).allSatisfy(plan -> assertThat(plan).doesNotContain("Seq Scan on jobs"));
        assertThat(plans.subList(2, 4))
                .as("the count of a user without jobs reads that user's queued entries only, "
                        + "not the 20,000 of the type")
                .allSatisfy(plan -> assertThat(plan)
                        // either index keyed by subject will do; which one is the planner's choice by its statistics
                        .containsPattern("Index (Only )?Scan using \\w+ on jobs[^\\n]*\\n\\s*Index Cond: \\(+subject")
                        .doesNotContain("jobs_open_by_type"));
    }

    /** 20,000 queued jobs of one user, turns as the enqueue gives them, and 20,000 done jobs of the past week. */
    private void fill() {
        long start = System.nanoTime();
        jdbc.update("""
                INSERT INTO jobs (id, type, subject, payload, state, attempts, max_attempts, run_at, fair_at,
                                  created_at, updated_at)
                SELECT gen_random_uuid(), ?, ?, '{}', 'queued', 0, 5, now(),
                       now() + (n - 1) * make_interval(secs => ?), now(), now()
                FROM generate_series(1, ?) AS n
                """, type, hoarder, settings.fairnessStep().toSeconds(), BACKLOG);
        jdbc.update("""
                INSERT INTO jobs (id, type, subject, payload, state, attempts, max_attempts, run_at, fair_at,
                                  created_at, updated_at, finished_at)
                SELECT gen_random_uuid(), ?, 'past-user-' || (n % 500), '{}', 'done', 1, 5, t, t, t, t, t
                FROM generate_series(1, ?) AS n, LATERAL (SELECT now() - n * interval '30 seconds' AS t) AS past
                """, historyType, HISTORY);
        // As autovacuum would; only the owner may (the service's role skips the table with a warning).
        new JdbcTemplate(TestDatabase.get().owner()).execute("VACUUM ANALYZE jobs");
        System.out.printf(
                "Plan test: %d queued and %d done jobs inserted and analysed in %d ms; jobs holds %d rows%n",
                BACKLOG,
                HISTORY,
                (System.nanoTime() - start) / 1_000_000,
                jdbc.queryForObject("SELECT count(*) FROM jobs", Long.class));
    }

    /** A typed NULL parameter. */
    private record Null(int sqlType) {}

    private static final Null NULL_TEXT = new Null(Types.VARCHAR);

    private static final Null NULL_TIME = new Null(Types.TIMESTAMP_WITH_TIMEZONE);

    /** The plan for these values, as the driver's first executions of a statement get. */
    private static String explain(Connection connection, String what, String sql, Object... params) throws Exception {
        try (PreparedStatement explain = connection.prepareStatement("EXPLAIN (ANALYZE, BUFFERS) " + sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Null typed) {
                    explain.setNull(i + 1, typed.sqlType());
                } else {
                    explain.setObject(i + 1, params[i]);
                }
            }
            try (ResultSet rows = explain.executeQuery()) {
                return printed(what + " (custom plan)", rows);
            }
        }
    }

    /** The generic plan, which a statement the driver has prepared on the server may switch to. */
    private static String explainGeneric(Connection connection, String what, String sql, String types, String values)
            throws Exception {
        StringBuilder numbered = new StringBuilder();
        int parameter = 0;
        for (char c : sql.toCharArray()) {
            numbered.append(c == '?' ? "$" + ++parameter : String.valueOf(c));
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("SET LOCAL plan_cache_mode = force_generic_plan");
            statement.execute("PREPARE explained (" + types + ") AS " + numbered);
            try (ResultSet rows =
                    statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE explained (" + values + ")")) {
                return printed(what + " (generic plan)", rows);
            } finally {
                statement.execute("DEALLOCATE explained");
                statement.execute("SET LOCAL plan_cache_mode = auto");
            }
        }
    }

    private static String printed(String what, ResultSet rows) throws Exception {
        StringBuilder plan = new StringBuilder();
        while (rows.next()) {
            plan.append(rows.getString(1)).append('\n');
        }
        System.out.printf("EXPLAIN ANALYZE of the %s:%n%s%n", what, plan);
        return plan.toString();
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }
}
