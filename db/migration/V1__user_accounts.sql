-- Every subject the service has seen. user_key is random and names the user's storage prefix
-- (u/{user_key}/...), so object keys never reveal the subject. The row also serves as the per-user lock
-- for writers that must not interleave (the consent ledger).
CREATE TABLE user_accounts (
    subject    varchar(128) PRIMARY KEY,
    user_key   varchar(32)  NOT NULL UNIQUE,
    created_at timestamptz  NOT NULL DEFAULT now()
);
