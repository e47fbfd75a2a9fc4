package dev.camroll.jobs;

import java.util.Map;
import java.util.UUID;

import dev.camroll.identity.Subject;
import org.jspecify.annotations.Nullable;

/**
 * The queue as other modules use it. Enqueueing and cancelling happen only inside the caller's transaction
 * (propagation MANDATORY: a call outside one fails): a job is queued if and only if the change that needs it commits.
 */
public interface JobQueue {

    /** Queues a job of {@code kind} for {@code subject} (null for a job of no user) to run as soon as possible. */
    <P extends Record> UUID enqueue(JobKind<P> kind, @Nullable Subject subject, P payload);

    /**
     * Queues a job with {@code options} (dedupe key, run-at or delay, attempts) and returns its id, or the id of the
     * queued job with the same type and dedupe key that stands for it.
     */
    <P extends Record> UUID enqueue(JobKind<P> kind, @Nullable Subject subject, P payload, JobOptions options);

    /**
     * Cancels the queued jobs of {@code subject} and returns how many; running jobs finish (their handlers re-check
     * what they need, e.g. consent).
     */
    int cancelFor(Subject subject);

    /** How many jobs of {@code subject} are running now. */
    int runningFor(Subject subject);

    /**
     * Deletes every job of {@code subject} that is not running (queued, finished, dead: their payloads name the user's
     * data) and returns how many; for a purge, which first waits until none runs.
     */
    int forget(Subject subject);

    /**
     * How many jobs of {@code kind} wait for {@code subject}, counted up to {@code atMost}: the answer is
     * {@code min(queued, atMost)}, and asking costs an index range of at most {@code atMost} entries, so it suits a
     * check on every request ("has this user's backlog reached the threshold?").
     */
    long queuedFor(Subject subject, JobKind<?> kind, long atMost);

    /** How many jobs of {@code kind} wait, all subjects together, counted up to {@code atMost} (as {@link #queuedFor}). */
    long queued(JobKind<?> kind, long atMost);

    /**
     * How many jobs of {@code kind} are in each state, for operators and tests (counts the kept history too, reading
     * every row of the type: not for a request path).
     */
    Map<JobState, Long> countByState(JobKind<?> kind);
}
