package dev.camroll.privacy;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobQueue;
import dev.camroll.suggestions.SuggestionJobs;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.Lifecycle;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A purge does not wait behind other users' work: its job is claimed before every ordinary job that is due. */
class PurgeUrgencyTests extends EndToEndTest {

    static final int BACKLOG = 200;

    @Autowired
    ApplicationContext context;

    @Autowired
    JobQueue queue;

    @Autowired
    TransactionTemplate transaction;

    @Test
    void aPurgeRequestedBehindABacklogOfOtherUsersJobsFinishesBeforeTheBacklogDrains() {
        String user = newUser("withdrawing");
        String token = token(user);
        assertThat(give(token, "cloud_processing").status()).isEqualTo(200);
        Lifecycle workers = context.getBean("jobWorkers", Lifecycle.class);
        workers.stop();
        List<UUID> backlog;
        try {
            // Suggestion builds of other users, queued before the withdrawal. Those users gave no consent, so each
            // build ends at once: the backlog drains in a moment, and the purge must still come first.
            backlog = transaction.execute(tx -> {
                List<UUID> ids = new ArrayList<>();
                for (int i = 0; i < BACKLOG; i++) {
                    ids.add(queue.enqueue(
                            SuggestionJobs.BUILD_SUGGESTIONS, Subject.of(newUser("backlog")), new JobKind.NoPayload()));
                }
                return ids;
            });
            assertThat(withdraw(token, "cloud_processing").status()).isEqualTo(200);
        } finally {
            workers.start();
        }

        await("the purge and the backlog")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> jdbc.queryForObject(
                                "SELECT finished_at IS NOT NULL FROM purges WHERE subject = ?", Boolean.class, user)
                        && finishedOf(backlog).size() == BACKLOG);

        Timestamp purged =
                jdbc.queryForObject("SELECT finished_at FROM purges WHERE subject = ?", Timestamp.class, user);
        List<Timestamp> finished = finishedOf(backlog);
        long before = finished.stream().filter(at -> at.before(purged)).count();
        System.out.printf("Purge urgency: %d of %d backlog jobs finished before the purge did%n", before, BACKLOG);
        assertThat(purged)
                .as("the purge finished before the last job of the backlog")
                .isBefore(finished.stream().max(Timestamp::compareTo).orElseThrow());
    }

    private List<Timestamp> finishedOf(List<UUID> jobs) {
        return jdbc.queryForList(
                "SELECT finished_at FROM jobs WHERE id = ANY (?) AND finished_at IS NOT NULL", Timestamp.class, (Object)
                        jobs.toArray(UUID[]::new));
    }
}
