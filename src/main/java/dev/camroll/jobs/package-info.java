/**
 * The durable job queue on PostgreSQL: work that must follow a state change is enqueued with
 * {@link dev.camroll.jobs.JobQueue} in the same transaction as the change, and workers of any instance claim it
 * with {@code FOR UPDATE SKIP LOCKED}, under a lease, retrying failures with exponential backoff until the job is
 * done or dead. Urgent jobs are claimed first, then users take turns (each job's {@code fair_at}, set at enqueue),
 * so one user's backlog does not hold up the others. Other modules contribute {@link dev.camroll.jobs.JobHandler}
 * beans; delivery is at least once, so handlers are idempotent.
 *
 * <p>Owns the table {@code jobs} (its SQL is in {@code internal.Jobs} alone). Offers {@link dev.camroll.jobs.JobQueue}
 * (enqueue, cancel, forget and count a user's jobs), {@link dev.camroll.jobs.JobKind} (a job type and its payload
 * record, declared by the module that handles it), {@link dev.camroll.jobs.JobHandler}, {@link dev.camroll.jobs.Job},
 * {@link dev.camroll.jobs.JobOptions}, {@link dev.camroll.jobs.JobState}, {@link dev.camroll.jobs.PermanentJobFailure}
 * and {@link dev.camroll.jobs.JobSettings}. It declares no job kinds of its own and publishes no events. The
 * workers, their metrics and the claims are internal.
 */
@ApplicationModule(
        displayName = "Jobs",
        allowedDependencies = {"api", "identity", "runtime"})
@NullMarked
package dev.camroll.jobs;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
