package dev.camroll.jobs;

/**
 * Runs the jobs of one {@link JobKind}; modules register implementations as beans. Delivery is at least once (a
 * crashed worker's attempt runs again), so {@link #handle} must be idempotent, and it runs outside any transaction.
 */
public interface JobHandler<P extends Record> {

    /** The kind this handler runs; one handler per kind. */
    JobKind<P> kind();

    /**
     * Does one attempt: returning completes the job, {@link PermanentJobFailure} makes it dead at once, and any other
     * exception is a transient failure that is retried with backoff until the job's attempts are used up.
     */
    void handle(Job job, P payload) throws Exception;
}
