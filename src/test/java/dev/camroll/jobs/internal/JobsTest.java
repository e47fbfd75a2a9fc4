package dev.camroll.jobs.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camroll.identity.Subject;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobState;
import dev.camroll.testing.EndToEndTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.awaitility.Awaitility.await;

/**
 * Base of the queue's tests: the whole service with the test handlers and short timings (one shared context), and
 * a look at the {@code jobs} rows.
 */
@Import(TestHandlers.class)
@TestPropertySource(
        properties = {
            "camroll.jobs.workers=4",
            "camroll.jobs.poll-interval=50ms",
            "camroll.jobs.backoff-base=50ms",
            "camroll.jobs.backoff-max=200ms",
            "camroll.jobs.recovery-interval=100ms",
            "camroll.jobs.metrics-interval=100ms",
            "camroll.jobs.shutdown-timeout=2s"
        })
abstract class JobsTest extends EndToEndTest {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    @Autowired
    DatabaseJobQueue queue;

    @Autowired
    Jobs jobs;

    @Autowired
    TestHandlers.Attempts attempts;

    @Autowired
    TestHandlers.Gate gate;

    @Autowired
    PlatformTransactionManager transactions;

    /** A job's row as the tests look at it. */
    record Row(
            UUID id,
            String type,
            String subject,
            JobState state,
            int attempts,
            int maxAttempts,
            String lastError,
            String lockedBy,
            Instant runAt,
            Instant finishedAt) {}

    TransactionTemplate tx() {
        return new TransactionTemplate(transactions);
    }

    /** Enqueues in a transaction of its own that commits, as a module's service method would. */
    UUID enqueued(String type, String subject, JobOptions options) {
        return tx().execute(status ->
                queue.enqueue(type, subject == null ? null : Subject.of(subject), "{\"test\":true}", options));
    }

    UUID enqueued(String type, String subject) {
        return enqueued(type, subject, JobOptions.defaults());
    }

    Row row(UUID id) {
        return jdbc
                .query(
                        """
                SELECT id, type, subject, state, attempts, max_attempts, last_error, locked_by, run_at, finished_at
                FROM jobs WHERE id = ?
                """,
                        (rs, n) -> new Row(
                                rs.getObject(1, UUID.class),
                                rs.getString(2),
                                rs.getString(3),
                                Jobs.state(rs.getString(4)),
                                rs.getInt(5),
                                rs.getInt(6),
                                rs.getString(7),
                                rs.getString(8),
                                rs.getTimestamp(9).toInstant(),
                                rs.getTimestamp(10) == null
                                        ? null
                                        : rs.getTimestamp(10).toInstant()),
                        id)
                .stream()
                .findFirst()
                .orElse(null);
    }

    Row awaitState(UUID id, JobState state) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(() -> row(id).state() == state);
        return row(id);
    }

    /** The value of one sample in the Prometheus text format, or NaN when the sample is missing. */
    static double value(String metrics, String sample) {
        Matcher m = Pattern.compile("^" + Pattern.quote(sample) + " (\\S+)$", Pattern.MULTILINE)
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }
}
