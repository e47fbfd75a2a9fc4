/**
 * The durable job queue on PostgreSQL: work that must follow a state change is enqueued with
 * {@link dev.camroll.jobs.JobQueue} in the same transaction as the change, and workers of any instance claim it
 * with {@code FOR UPDATE SKIP LOCKED}, under a lease, retrying failures with exponential backoff until the job is
 * done or dead. Urgent jobs are claimed first, then users take turns (each job's {@code fair_at}, set at enqueue),
 * so one user's backlog does not hold up the others. Other modules contribute {@link dev.camroll.jobs.JobHandler}
 * beans; delivery is at least once, so handlers are idempotent.
 */
package dev.camroll.jobs;
