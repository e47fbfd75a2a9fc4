package dev.camroll.jobs;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The queue as other modules use it. Enqueueing and cancelling happen only inside the caller's transaction
 * ({@link Propagation#MANDATORY}): a job is queued if and only if the change that needs it commits.
 */
@Service
public class JobQueue {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9.-]{0,63}");

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Jobs jobs;

    private final JobSettings settings;

    private final JobSignal signal;

    JobQueue(Jobs jobs, JobSettings settings, JobSignal signal) {
        this.jobs = jobs;
        this.settings = settings;
        this.signal = signal;
    }

    /** Queues a job of {@code type} for {@code subject} (may be null) with a JSON {@code payload}, to run as soon as possible. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID enqueue(String type, String subject, String payload) {
        return enqueue(type, subject, payload, JobOptions.defaults());
    }

    /**
     * Queues a job with {@code options} (dedupe key, run-at or delay, attempts) and returns its id, or the id of the
     * queued job with the same type and dedupe key that stands for it.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID enqueue(String type, String subject, String payload, JobOptions options) {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(
                    "a job type is 1 to 64 of a-z, 0-9, '.' and '-', starting with a letter: " + type);
        }
        if (subject != null && (subject.isEmpty() || subject.length() > 128)) {
            throw new IllegalArgumentException("a job's subject has 1 to 128 characters");
        }
        requireJson(payload);
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
     * How many jobs of {@code type} wait for {@code subject}, counted up to {@code atMost}: the answer is
     * {@code min(queued, atMost)}, and asking costs an index range of at most {@code atMost} entries, so it suits a
     * check on every request ("has this user's backlog reached the threshold?").
     */
    @Transactional(readOnly = true)
    public long queuedFor(String subject, String type, long atMost) {
        return jobs.countQueued(Objects.requireNonNull(subject, "subject"), type, atMost);
    }

    /** How many jobs of {@code type} wait, all subjects together, counted up to {@code atMost} (as {@link #queuedFor}). */
    @Transactional(readOnly = true)
    public long queued(String type, long atMost) {
        return jobs.countQueued(type, atMost);
    }

    /**
     * How many jobs of {@code type} are in each state, for operators and tests (counts the kept history too, reading
     * every row of the type: not for a request path).
     */
    @Transactional(readOnly = true)
    public Map<JobState, Long> countByState(String type) {
        return jobs.countByState(type);
    }

    private static void requireJson(String payload) {
        Objects.requireNonNull(payload, "payload (JSON text; \"{}\" for none)");
        try {
            if (JSON.readTree(payload).isMissingNode()) {
                throw new IllegalArgumentException("a job's payload is JSON text, not empty");
            }
        } catch (JacksonException e) {
            throw new IllegalArgumentException("a job's payload is JSON text: " + e.getOriginalMessage(), e);
        }
    }
}
