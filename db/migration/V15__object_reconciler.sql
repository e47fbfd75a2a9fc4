-- The object reconciler (module storage): a periodic pass that deletes objects and unfinished uploads under
-- staging/ and u/ that no row owns. One row: when the next pass is due (every instance asks; the one whose update
-- moves it on queues the pass), and the lease of the pass running, renewed as it goes, so one runs at a time.
CREATE TABLE object_reconciler (
    singleton  boolean      PRIMARY KEY DEFAULT true CHECK (singleton),
    due_at     timestamptz  NOT NULL,
    holder     varchar(128),
    held_until timestamptz,
    CONSTRAINT object_reconciler_lease CHECK ((holder IS NULL) = (held_until IS NULL))
);

INSERT INTO object_reconciler (due_at) VALUES (now());
