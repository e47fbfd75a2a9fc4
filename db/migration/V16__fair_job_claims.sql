-- Fair claims across users (module jobs, ADR 0013). A job's place in the claim order is fair_at, set at enqueue:
-- the later of its run_at and one camroll.jobs.fairness-step after its user's last due queued job. A user's k-th
-- waiting job is thus ordered as if queued (k-1) steps later, and another user's single job, queued meanwhile, is
-- claimed before all but the first of them (turns, not arrival order). Jobs without a subject take run_at.
--
-- The default serves rows an older instance inserts during a rolling update: it orders them by arrival, as before.
ALTER TABLE jobs ADD COLUMN fair_at timestamptz NOT NULL DEFAULT now();

-- The waiting queue keeps the order it had.
UPDATE jobs SET fair_at = run_at WHERE state = 'queued';

-- The claim: urgent jobs first, then by turn. Partial, so it holds only the queue, not the history.
DROP INDEX jobs_claimable;
CREATE INDEX jobs_claimable ON jobs (urgent DESC, fair_at, id) WHERE state = 'queued';

-- A user's waiting jobs by turn: the enqueue looks up the user's last turn (a backward scan that stops at the first
-- due entry), and the sync policy counts the user's waiting analyses with an index-only scan capped by a LIMIT.
CREATE INDEX jobs_queued_by_subject ON jobs (subject, fair_at) INCLUDE (type, run_at)
    WHERE state = 'queued' AND subject IS NOT NULL;

-- The backstop's count of everyone's waiting jobs of a type reads this range in run_at order, up to its LIMIT. A key
-- column now (it was INCLUDEd), so that ORDER BY run_at pins the plan to the index; the metrics' GROUP BY type, state
-- reads it as before.
DROP INDEX jobs_open_by_type;
CREATE INDEX jobs_open_by_type ON jobs (type, state, run_at) WHERE state IN ('queued', 'running', 'dead');
