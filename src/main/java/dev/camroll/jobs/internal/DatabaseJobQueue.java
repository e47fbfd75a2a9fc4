package dev.camroll.jobs.internal;

import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.camroll.identity.Subject;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.jobs.JobSettings;
import dev.camroll.jobs.JobState;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The {@link JobQueue} on the {@code jobs} table; a local enqueue's commit wakes this instance's dispatcher. */
@Service
class DatabaseJobQueue implements JobQueue {

    private final Jobs jobs;

    private final JobSettings settings;

    private final JobSignal signal;

    DatabaseJobQueue(Jobs jobs, JobSettings settings, JobSignal signal) {
        this.jobs = jobs;
        this.settings = settings;
        this.signal = signal;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public <P extends Record> UUID enqueue(JobKind<P> kind, @Nullable Subject subject, P payload) {
        return enqueue(kind, subject, payload, JobOptions.defaults());
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public <P extends Record> UUID enqueue(JobKind<P> kind, @Nullable Subject subject, P payload, JobOptions options) {
        Objects.requireNonNull(kind, "kind");
        if (!kind.payload().isInstance(payload)) {
            throw new IllegalArgumentException(
                    "a " + kind.type() + " job's payload is a " + kind.payload().getName());
        }
        return enqueue(kind.type(), subject, JobPayloads.write(payload), options);
    }

    /** The untyped form, for this module's tests of the queue itself. */
    @Transactional(propagation = Propagation.MANDATORY)
    UUID enqueue(String type, @Nullable Subject subject, String payload) {
        return enqueue(type, subject, payload, JobOptions.defaults());
    }

    @Transactional(propagation = Propagation.MANDATORY)
    UUID enqueue(String type, @Nullable Subject subject, String payload, JobOptions options) {
        JobKind.of(type, JobKind.NoPayload.class); // refuses a type that is not a slug
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

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int cancelFor(Subject subject) {
        return jobs.cancelQueued(Objects.requireNonNull(subject, "subject"));
    }

    @Override
    @Transactional(readOnly = true)
    public int runningFor(Subject subject) {
        return jobs.countRunning(Objects.requireNonNull(subject, "subject"));
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public int forget(Subject subject) {
        return jobs.deleteNotRunning(Objects.requireNonNull(subject, "subject"));
    }

    @Override
    @Transactional(readOnly = true)
    public long queuedFor(Subject subject, JobKind<?> kind, long atMost) {
        return jobs.countQueued(Objects.requireNonNull(subject, "subject"), kind.type(), atMost);
    }

    @Override
    @Transactional(readOnly = true)
    public long queued(JobKind<?> kind, long atMost) {
        return jobs.countQueued(kind.type(), atMost);
    }

    @Override
    @Transactional(readOnly = true)
    public Map<JobState, Long> countByState(JobKind<?> kind) {
        return jobs.countByState(kind.type());
    }
}
