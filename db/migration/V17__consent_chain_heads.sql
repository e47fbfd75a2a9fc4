-- How far each user's ledger has been verified: every entry up to verified_seq was found linked and hashing to its
-- stored hash, the one at verified_seq to verified_hash. A history read verifies only the entries after it (and the
-- entries it shows) and moves it on, instead of re-hashing the whole chain on every read. The ledger itself stays
-- append-only, so the head lives here, in a table the service role may update; it is a cache of work done, never
-- evidence: deleting a row only makes the next read verify that user's chain from the start.
CREATE TABLE consent_chain_heads (
    subject       varchar(128) PRIMARY KEY REFERENCES user_accounts (subject),
    verified_seq  bigint       NOT NULL CHECK (verified_seq >= 1),
    verified_hash varchar(64)  NOT NULL CHECK (verified_hash ~ '^[0-9a-f]{64}$'),
    verified_at   timestamptz  NOT NULL
);
