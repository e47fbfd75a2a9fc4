package dev.camroll.jobs;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.camroll.identity.Subject;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.testing.TestDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The queue on its own: only this module's beans (and the loop supervisor it reports to) on the test database, with
 * a handler a module would contribute.
 */
@ApplicationModuleTest
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@Import(JobQueueModuleTests.Greetings.class)
@TestPropertySource(
        properties = {
            "camroll.jobs.poll-interval=50ms",
            "camroll.jobs.metrics-interval=1h",
            // The readiness group names the runtime module's health of the loops, which is not part of this context.
            "management.endpoint.health.validate-group-membership=false"
        })
class JobQueueModuleTests {

    /** A payload as a module declares it next to its handler. */
    record Greeting(String text) {}

    static final JobKind<Greeting> GREET = JobKind.of("test.module.greet", Greeting.class);

    /** What the handler received, by job id. */
    static final class Received {

        final Map<UUID, String> byJob = new ConcurrentHashMap<>();
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Greetings {

        @Bean
        LoopSupervisor loopSupervisor(MeterRegistry meters) {
            return new LoopSupervisor(meters);
        }

        @Bean
        Received received() {
            return new Received();
        }

        @Bean
        JobHandler<Greeting> greetingHandler(Received received) {
            return new JobHandler<>() {
                @Override
                public JobKind<Greeting> kind() {
                    return GREET;
                }

                @Override
                public void handle(Job job, Greeting payload) {
                    received.byJob.put(job.id(), job.subject() + ": " + payload.text());
                }
            };
        }
    }

    @Autowired
    JobQueue queue;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    Received received;

    @Test
    void aCommittedJobReachesItsHandlerWithItsSubjectAndPayload() {
        Subject user = Subject.of("module-test-" + UUID.randomUUID());

        UUID id = transaction.execute(tx -> queue.enqueue(GREET, user, new Greeting("hello")));

        await().atMost(Duration.ofSeconds(20)).until(() -> received.byJob.containsKey(id));
        assertThat(received.byJob.get(id)).isEqualTo(user + ": hello");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> queue.countByState(GREET).get(JobState.DONE) >= 1);
    }

    @Test
    void aRolledBackEnqueueLeavesNothingToRun() {
        Subject user = Subject.of("module-test-" + UUID.randomUUID());

        transaction.executeWithoutResult(tx -> {
            queue.enqueue(GREET, user, new Greeting("never"));
            tx.setRollbackOnly();
        });

        assertThat(queue.queuedFor(user, GREET, 10)).isZero();
        assertThat(queue.runningFor(user)).isZero();
    }
}
