-- The transparency log (docs/decisions/0021-consent-transparency-log.md): one RFC 9162 Merkle tree over every ledger
-- entry of every user, with signed C2SP checkpoints. A leaf's data is HMAC-SHA256(the user's salt, the entry's hash),
-- so the public log says nothing about who decided what; destroying the salt (account erasure) makes the user's leaves
-- linkable to no one while every proof stays valid.

-- The tree's size and root; one row, locked by whoever integrates, so leaves get contiguous indexes.
CREATE TABLE transparency_log (
    id   smallint PRIMARY KEY CHECK (id = 1),
    size bigint   NOT NULL CHECK (size >= 0),
    root bytea    NOT NULL CHECK (octet_length(root) = 32)
);
INSERT INTO transparency_log (id, size, root)
VALUES (1, 0, decode('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'hex'));

-- Ledger entries waiting for a place in the tree, written in the ledger entry's own transaction (nothing committed to
-- the ledger can miss the log); integrating deletes them in the transaction that adds their leaves.
CREATE TABLE transparency_pending (
    queued     bigserial    PRIMARY KEY,
    event_id   uuid         NOT NULL UNIQUE,
    subject    varchar(128) NOT NULL,
    entry_hash bytea        NOT NULL CHECK (octet_length(entry_hash) = 32)
);
CREATE INDEX transparency_pending_by_subject ON transparency_pending (subject);

-- Each user's secret salt. Erasing the account marks it (forget); the next integration logs the user's queued entries
-- and then deletes the row and the user's positions.
CREATE TABLE transparency_salts (
    subject varchar(128) PRIMARY KEY,
    salt    bytea CHECK (octet_length(salt) = 32),
    forget  boolean NOT NULL DEFAULT false
);
CREATE INDEX transparency_salts_to_forget ON transparency_salts (subject) WHERE forget;

-- The log entries (what the entry bundles serve), by index.
CREATE TABLE transparency_leaves (
    idx   bigint PRIMARY KEY CHECK (idx >= 0),
    entry bytea  NOT NULL CHECK (octet_length(entry) = 32)
);

-- Every complete subtree's hash: level 0 holds the leaf hashes, level l the subtrees of 2^l leaves, index i the one
-- starting at leaf i * 2^l. Tiles of level L are the hashes of level 8L.
CREATE TABLE transparency_hashes (
    level smallint NOT NULL CHECK (level BETWEEN 0 AND 63),
    idx   bigint   NOT NULL CHECK (idx >= 0),
    hash  bytea    NOT NULL CHECK (octet_length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- Where a ledger entry sits in the log; the user's rows go when the account is erased (with the salt).
CREATE TABLE transparency_positions (
    event_id uuid         PRIMARY KEY,
    subject  varchar(128) NOT NULL,
    idx      bigint       NOT NULL UNIQUE
);
CREATE INDEX transparency_positions_by_subject ON transparency_positions (subject);

-- Every checkpoint signed, as served (a C2SP signed note).
CREATE TABLE transparency_checkpoints (
    size      bigint      PRIMARY KEY CHECK (size > 0),
    root      bytea       NOT NULL CHECK (octet_length(root) = 32),
    note      text        NOT NULL,
    signed_at timestamptz NOT NULL
);

-- The tree, its entries and its checkpoints are append-only for every role, like the ledger.
CREATE TRIGGER transparency_leaves_append_only BEFORE UPDATE OR DELETE ON transparency_leaves
    FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
CREATE TRIGGER transparency_leaves_no_truncate BEFORE TRUNCATE ON transparency_leaves
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();
CREATE TRIGGER transparency_hashes_append_only BEFORE UPDATE OR DELETE ON transparency_hashes
    FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
CREATE TRIGGER transparency_hashes_no_truncate BEFORE TRUNCATE ON transparency_hashes
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();
CREATE TRIGGER transparency_checkpoints_append_only BEFORE UPDATE OR DELETE ON transparency_checkpoints
    FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
CREATE TRIGGER transparency_checkpoints_no_truncate BEFORE TRUNCATE ON transparency_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();

DO
$$
BEGIN
    IF '${service_role}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${service_role}') THEN
        EXECUTE format('REVOKE UPDATE, DELETE ON transparency_leaves, transparency_hashes, transparency_checkpoints FROM %I',
                       '${service_role}');
    END IF;
END
$$;

-- Every entry already in the ledger joins the log, oldest first.
INSERT INTO transparency_pending (event_id, subject, entry_hash)
SELECT event_id, subject, decode(hash, 'hex') FROM consent_events ORDER BY occurred_at, subject, seq;
