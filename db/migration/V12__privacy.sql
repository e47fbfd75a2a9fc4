-- Purges (contract section The user's own data): one row per withdrawal of cloud_processing or account erasure,
-- kept after it finished as the record of when the user's data went (like the ledger, it holds the subject only).
-- A purge is done by the urgent job purge-user; it may run again after a crash and picks up where it was.
CREATE TABLE purges (
    purge_id        uuid         PRIMARY KEY,
    subject         varchar(128) NOT NULL REFERENCES user_accounts (subject),
    -- 'withdrawal': what cloud_processing allowed; 'account': that and the devices too (DELETE /v1/me).
    scope           varchar(16)  NOT NULL CHECK (scope IN ('withdrawal', 'account')),
    -- The ledger entry that caused it (the withdrawal), when there was one.
    cause_event_id  uuid,
    requested_at    timestamptz  NOT NULL,
    deadline_at     timestamptz  NOT NULL,
    -- JSON object: rows and objects deleted so far, by kind; summed over the runs of a resumed purge.
    counts          text         NOT NULL DEFAULT '{}',
    finished_at     timestamptz,
    -- The DATA_PURGED entry that closed it.
    ledger_event_id uuid,
    CONSTRAINT purges_finished_with_entry CHECK ((finished_at IS NULL) = (ledger_event_id IS NULL))
);

CREATE UNIQUE INDEX purges_one_pending_per_subject ON purges (subject) WHERE finished_at IS NULL;
CREATE INDEX purges_pending ON purges (requested_at) WHERE finished_at IS NULL;

-- The object keys a running purge deleted (recorded before each deletion, so a purge resumed after a crash still
-- digests every key); emptied when the purge finishes.
CREATE TABLE purge_keys (
    purge_id   uuid          NOT NULL REFERENCES purges (purge_id),
    object_key varchar(1024) NOT NULL,
    PRIMARY KEY (purge_id, object_key)
);

-- Set by DELETE /v1/me; the ledger and the access log of an erased account are kept (proof of consent).
ALTER TABLE user_accounts ADD COLUMN erased_at timestamptz;

-- Urgent jobs (purges, which have a deadline) are claimed before every other due job.
ALTER TABLE jobs ADD COLUMN urgent boolean NOT NULL DEFAULT false;
DROP INDEX jobs_claimable;
CREATE INDEX jobs_claimable ON jobs (urgent DESC, run_at, id) WHERE state = 'queued';

-- Which path an idempotent answer belongs to: a purge forgets the answers that may repeat the user's data and keeps
-- those of consent decisions until they expire (a retried "give" after a withdrawal must be replayed, not run again).
ALTER TABLE idempotency_keys ADD COLUMN request_path varchar(300);
