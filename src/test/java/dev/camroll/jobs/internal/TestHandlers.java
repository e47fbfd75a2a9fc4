package dev.camroll.jobs.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.PermanentJobFailure;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Handlers of test job types, registered as beans as a module would register its own. Every attempt is recorded
 * (job id -> start times), so tests can count how often a job ran.
 */
@TestConfiguration(proxyBeanMethods = false)
class TestHandlers {

    /** Completes at once. */
    static final String RECORD = "test.record";

    /** Works a few milliseconds, so that several workers and instances overlap. */
    static final String BUSY = "test.busy";

    /** Fails its first two attempts, as if the object store were briefly away. */
    static final String FLAKY = "test.flaky";

    /** Always fails transiently. */
    static final String FAILING = "test.failing";

    /** Fails permanently. */
    static final String DOOMED = "test.doomed";

    /** Runs until the test opens the gate. */
    static final String BLOCKING = "test.blocking";

    /** Throws an OutOfMemoryError in its first attempt, as a handler that ran out of heap would, then completes. */
    static final String OUT_OF_MEMORY = "test.out-of-memory";

    /** A job type no handler in any instance runs, unique per call, so the test alone sees its jobs. */
    static String unhandledType() {
        return "test.idle." + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Start times (System.nanoTime) of every attempt, by job id. */
    static final class Attempts {

        private final Map<UUID, List<Long>> byJob = new ConcurrentHashMap<>();

        void record(Job job) {
            byJob.computeIfAbsent(job.id(), id -> new CopyOnWriteArrayList<>()).add(System.nanoTime());
        }

        int count(UUID job) {
            return byJob.getOrDefault(job, List.of()).size();
        }

        List<Long> startTimes(UUID job) {
            return byJob.getOrDefault(job, List.of());
        }
    }

    /** What a {@link #BLOCKING} job waits for; a test opens it, a fresh one is set for the next. */
    static final class Gate {

        private volatile CompletableFuture<Void> open = new CompletableFuture<>();

        void close() {
            open = new CompletableFuture<>();
        }

        void open() {
            open.complete(null);
        }

        void await() throws Exception {
            open.get(30, TimeUnit.SECONDS);
        }
    }

    @Bean
    Attempts attempts() {
        return new Attempts();
    }

    @Bean
    Gate gate() {
        return new Gate();
    }

    @Bean
    JobHandler recordingHandler(Attempts attempts) {
        return handler(RECORD, attempts::record);
    }

    @Bean
    JobHandler busyHandler(Attempts attempts) {
        return handler(BUSY, job -> {
            attempts.record(job);
            Thread.sleep(Duration.ofMillis(5).toMillis());
        });
    }

    @Bean
    JobHandler flakyHandler(Attempts attempts) {
        return handler(FLAKY, job -> {
            attempts.record(job);
            if (job.attempt() <= 2) {
                throw new IllegalStateException("object store unavailable (attempt " + job.attempt() + ")");
            }
        });
    }

    @Bean
    JobHandler failingHandler(Attempts attempts) {
        return handler(FAILING, job -> {
            attempts.record(job);
            throw new IllegalStateException("always broken");
        });
    }

    @Bean
    JobHandler doomedHandler(Attempts attempts) {
        return handler(DOOMED, job -> {
            attempts.record(job);
            throw new PermanentJobFailure("undecodable: not an image");
        });
    }

    @Bean
    JobHandler blockingHandler(Attempts attempts, Gate gate) {
        return handler(BLOCKING, job -> {
            attempts.record(job);
            gate.await();
        });
    }

    @Bean
    JobHandler outOfMemoryHandler(Attempts attempts) {
        return handler(OUT_OF_MEMORY, job -> {
            attempts.record(job);
            if (job.attempt() == 1) {
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
        });
    }

    interface Work {

        void run(Job job) throws Exception;
    }

    /** The tests' payloads are free-form JSON; the handlers read {@link Job#payload()} themselves. */
    record Payload() {}

    static JobHandler<Payload> handler(String type, Work work) {
        return new JobHandler<>() {
            @Override
            public JobKind<Payload> kind() {
                return JobKind.of(type, Payload.class);
            }

            @Override
            public void handle(Job job, Payload payload) throws Exception {
                work.run(job);
            }
        };
    }
}
