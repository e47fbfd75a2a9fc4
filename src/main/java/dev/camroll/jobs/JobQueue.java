package dev.camroll.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The queue as other modules use it. Enqueueing and cancelling happen only inside the caller's transaction
 * ({@link Propagation#MANDATORY}): a job is queued if and only if the change that needs it commits.
 */
@Service
public class JobQueue {

    private final Jobs jobs;

    private final JobSettings settings;

    private final JobSignal signal;

    JobQueue(Jobs jobs, JobSettings settings, JobSignal signal) {
        this.jobs = jobs;
        this.settings = settings;
        this.signal = signal;
    }

    /** Queues a job of {@code kind} for {@code subject} (may be null) to run as soon as possible. */
    @Transactional(propagation = Propagation.MANDATORY)
    public <P extends Record> UUID enqueue(JobKind<P> kind, String subject, P payload) {
        return enqueue(kind, subject, payload, JobOptions.defaults());
    }

    /**
     * Queues a job with {@code options} (dedupe key, run-at or delay, attempts) and returns its id, or the id of the
     * queued job with the same type and dedupe key that stands for it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public <P extends Record> UUID enqueue(JobKind<P> kind, String subject, P payload, JobOptions options) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.payload().isInstance(payload)) {
            throw new IllegalArgumentException(
                    "a " + kind.type() + " job's payload is a " + kind.payload().getName());
        }
        return enqueue(kind.type(), subject, JobPayloads.write(payload), options);
    }

    /** The untyped form, for this module's tests of the queue itself. */
    @Transactional(propagation = Propagation.MANDATORY)
    UUID enqueue(String type, String subject, String payload) {
        return enqueue(type, subject, payload, JobOptions.defaults());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    UUID enqueue(String type, String subject, String payload, JobOptions options) {
        if (!JobKind.isType(type)) {
            throw new IllegalArgumentException(
                    "a job type is 1 to 64 of a-z, 0-9, '.' and '-', starting with a letter: " + type);
        }
        if (subject != null && (subject.isEmpty() || subject.length() > 128)) {
            throw new IllegalArgumentException("a job's subject has 1 to 128 characters");
        }
        Objects.requireNonNull(payload, "payload (JSON text; \"{}\" for none)");
        if (!JobPayloads.isJson(payload)) {
            throw new IllegalArgumentException("a job's payload is JSON text");
        }
        UUID id = jobs.enqueue(
                type,
                subject,
                payload,
                Objects.requireNonNull(options, "options"),
                settings.maxAttempts(),
                settings.fairnessStep());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    signal.signal();
                }
            });
        }
        return id;
    }

    /**
     * Cancels the queued jobs of {@code subject} and returns how many; running jobs finish (their handlers re-check
     * what they need, e.g. consent).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int cancelFor(String subject) {
        return jobs.cancelQueued(Objects.requireNonNull(subject, "subject"));
    }

    /** How many jobs of {@code subject} are running now. */
    @Transactional(readOnly = true)
    public int runningFor(String subject) {
        return jobs.countRunning(Objects.requireNonNull(subject, "subject"));
    }

    /**
     * Deletes every job of {@code subject} that is not running (queued, finished, dead: their payloads name the user's
     * data) and returns how many; for a purge, which first waits until none runs.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public int forget(String subject) {
        return jobs.deleteNotRunning(Objects.requireNonNull(subject, "subject"));
    }

    /**
     * How many jobs of {@code kind} wait for {@code subject}, counted up to {@code atMost}: the answer is
     * {@code min(queued, atMost)}, and asking costs an index range of at most {@code atMost} entries, so it suits a
     * check on every request ("has this user's backlog reached the threshold?").
     */
    @Transactional(readOnly = true)
    public long queuedFor(String subject, JobKind<?> kind, long atMost) {
        return jobs.countQueued(Objects.requireNonNull(subject, "subject"), kind.type(), atMost);
    }

    /** How many jobs of {@code kind} wait, all subjects together, counted up to {@code atMost} (as {@link #queuedFor}). */
    @Transactional(readOnly = true)
    public long queued(JobKind<?> kind, long atMost) {
        return jobs.countQueued(kind.type(), atMost);
    }

    /**
     * How many jobs of {@code kind} are in each state, for operators and tests (counts the kept history too, reading
     * every row of the type: not for a request path).
     */
    @Transactional(readOnly = true)
    public Map<JobState, Long> countByState(JobKind<?> kind) {
        return jobs.countByState(kind.type());
    }
}
