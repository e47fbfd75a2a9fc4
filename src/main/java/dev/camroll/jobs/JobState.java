package dev.camroll.jobs;

/** Where a job is in its life; stored in lower case in {@code jobs.state}. */
public enum JobState {

    /** Waiting for a worker, possibly not before its {@code run_at}. */
    QUEUED,
    /** Claimed by a worker under a lease. */
    RUNNING,
    /** Finished by its handler. */
    DONE,
    /** Failed permanently or out of attempts; kept for operators to inspect. */
    DEAD,
    /** Cancelled while queued, e.g. when its user withdrew consent. */
    CANCELLED
}
