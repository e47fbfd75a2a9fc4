-- The durable job queue (module jobs). A job is enqueued in the same transaction as the change that needs it,
-- so a rolled-back change queues nothing. Workers of any instance claim due jobs with FOR UPDATE SKIP LOCKED and
-- hold them under a lease. Delivery is at least once: handlers are idempotent.
--
--   queued -> running -> done
--                     -> queued      (a failed attempt with attempts left, after a backoff in run_at)
--                     -> dead        (a permanent failure, or the last attempt failed or its lease expired)
--   queued -> cancelled              (cancelled for its subject, e.g. on consent withdrawal; running jobs are
--                                     not interrupted: handlers re-check consent themselves)
--
-- Every time is the database's clock (now()), never an instance's: leases and run_at are compared by one clock.
CREATE TABLE jobs (
    id           uuid         PRIMARY KEY,
    -- Which handler runs it, e.g. 'analyze-media'.
    type         varchar(64)  NOT NULL CHECK (type ~ '^[a-z][a-z0-9.-]*$'),
    -- The user the job is for (a token subject), so a user's queued jobs can be found and cancelled; NULL for
    -- jobs that are nobody's.
    subject      varchar(128),
    -- JSON text. Payloads carry references (ids), not data, hence the bound.
    payload      text         NOT NULL CHECK (length(payload) <= 65536),
    state        varchar(16)  NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead', 'cancelled')),
    -- Attempts begun so far; counted when a worker claims the job, so an attempt that crashed its worker counts.
    attempts     integer      NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts integer      NOT NULL CHECK (max_attempts >= 1),
    -- Not claimed before this time: the enqueue delay or the backoff after a failure.
    run_at       timestamptz  NOT NULL,
    -- The worker that holds (or last held) the job. Together with attempts it names one claim, so a worker
    -- whose lease expired cannot record an outcome over the next claim's.
    locked_by    varchar(128),
    -- The lease: a running job not finished by then is taken back (its worker is presumed dead).
    locked_until timestamptz,
    last_error   text         CHECK (length(last_error) <= 2000),
    -- At most one QUEUED job per (type, dedupe_key): a later enqueue with the same key joins the waiting job
    -- (e.g. one pending build-suggestions per user). A running job does not count, as it may have read older state.
    dedupe_key   varchar(200),
    created_at   timestamptz  NOT NULL,
    updated_at   timestamptz  NOT NULL,
    finished_at  timestamptz,
    CONSTRAINT jobs_lease_while_running CHECK (state <> 'running' OR (locked_by IS NOT NULL AND locked_until IS NOT NULL)),
    CONSTRAINT jobs_finished_when_final CHECK ((state IN ('done', 'dead', 'cancelled')) = (finished_at IS NOT NULL))
);

-- The claim: due queued jobs in run_at order. Partial, so it holds only the (small) queue, not the history.
CREATE INDEX jobs_claimable ON jobs (run_at, id) WHERE state = 'queued';

-- Lease recovery: running jobs whose lease has expired.
CREATE INDEX jobs_leases ON jobs (locked_until) WHERE state = 'running';

-- Cancelling (and later erasing) a user's jobs.
CREATE INDEX jobs_by_subject ON jobs (subject) WHERE subject IS NOT NULL;

-- The metrics' GROUP BY type, state over queued, running and dead jobs (an index-only scan; run_at for the lag).
-- Partial, so the history of done jobs does not make the periodic count grow.
CREATE INDEX jobs_open_by_type ON jobs (type, state) INCLUDE (run_at) WHERE state IN ('queued', 'running', 'dead');

-- Removing finished jobs after the retention period.
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE state IN ('done', 'cancelled');

CREATE UNIQUE INDEX jobs_one_queued_per_dedupe_key ON jobs (type, dedupe_key)
    WHERE state = 'queued' AND dedupe_key IS NOT NULL;
