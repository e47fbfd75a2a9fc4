package dev.camroll.jobs.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Urgent jobs (a purge, which has a deadline) are claimed ahead of every due job that is not urgent, however long
 * those have waited; among themselves both kinds keep the order they were queued in.
 */
class JobUrgencyTests extends JobsTest {

    /** Claims with a long lease: the test claims by hand, no worker handles the type. */
    static final Duration LEASE = Duration.ofMinutes(5);

    @Test
    void anUrgentJobQueuedAfterManyDueOnesIsClaimedFirstAndTheOthersKeepTheirOrder() {
        String type = TestHandlers.unhandledType();
        List<UUID> ordinary = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ordinary.add(enqueued(type, newUser("backlog")));
        }
        UUID urgent =
                enqueued(type, newUser("withdrawing"), JobOptions.defaults().asUrgent());
        UUID secondUrgent =
                enqueued(type, newUser("erasing"), JobOptions.defaults().asUrgent());

        List<UUID> claimed = new ArrayList<>();
        for (int i = 0; i < ordinary.size() + 2; i++) {
            claimed.addAll(jobs.claim("test-worker", List.of(type), 1, LEASE).stream()
                    .map(Job::id)
                    .toList());
        }

        assertThat(claimed)
                .as("claimed one at a time: the urgent ones first, then the others, each in queue order")
                .containsExactlyElementsOf(concat(List.of(urgent, secondUrgent), ordinary));
        assertThat(jobs.claim("test-worker", List.of(type), 1, LEASE)).isEmpty();
    }

    @Test
    void aClaimOfSeveralJobsTakesTheUrgentOneAmongThem() {
        String type = TestHandlers.unhandledType();
        List<UUID> ordinary = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ordinary.add(enqueued(type, newUser("backlog")));
        }
        UUID urgent =
                enqueued(type, newUser("withdrawing"), JobOptions.defaults().asUrgent());

        // Three free workers: the urgent job and the two ordinary ones that have waited longest.
        assertThat(jobs.claim("test-worker", List.of(type), 3, LEASE))
                .extracting(Job::id)
                .containsExactlyInAnyOrder(urgent, ordinary.get(0), ordinary.get(1));
    }

    @Test
    void anUrgentJobThatIsNotDueYetWaitsLikeAnyOther() {
        String type = TestHandlers.unhandledType();
        UUID ordinary = enqueued(type, newUser("backlog"));
        UUID later = enqueued(
                type, newUser("later"), JobOptions.defaults().asUrgent().withDelay(Duration.ofHours(1)));

        assertThat(jobs.claim("test-worker", List.of(type), 5, LEASE))
                .extracting(Job::id)
                .containsExactly(ordinary);
        assertThat(row(later).state()).isEqualTo(JobState.QUEUED);
    }

    private static List<UUID> concat(List<UUID> first, List<UUID> second) {
        List<UUID> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }
}
