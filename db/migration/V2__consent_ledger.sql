-- Notice texts, one row per exact text: the version is the SHA-256 of the text, so a new text is a new
-- version and old versions stay readable for as long as events refer to them.
CREATE TABLE consent_notices (
    version      varchar(64)  PRIMARY KEY CHECK (version ~ '^[0-9a-f]{64}$'),
    purpose      varchar(32)  NOT NULL,
    locale       varchar(8)   NOT NULL,
    title        text         NOT NULL,
    description  text         NOT NULL,
    notice_text  text         NOT NULL,
    published_at timestamptz  NOT NULL DEFAULT now()
);

-- The consent ledger: one hash chain per subject. hash = SHA-256(prev_hash || canonical event bytes),
-- seq starts at 1, the first prev_hash is 64 zeros. Rows are only ever inserted.
CREATE TABLE consent_events (
    event_id       uuid         PRIMARY KEY,
    subject        varchar(128) NOT NULL REFERENCES user_accounts (subject),
    seq            bigint       NOT NULL CHECK (seq >= 1),
    type           varchar(16)  NOT NULL CHECK (type IN ('CONSENT', 'DATA_PURGED')),
    purpose        varchar(32),
    state          varchar(16)  CHECK (state IN ('GIVEN', 'WITHDRAWN')),
    notice_version varchar(64)  REFERENCES consent_notices (version),
    locale         varchar(8),
    details        text,
    actor_kind     varchar(8)   NOT NULL CHECK (actor_kind IN ('USER', 'SUPPORT', 'SYSTEM')),
    actor_id       varchar(128),
    reason         varchar(500),
    occurred_at    timestamptz  NOT NULL,
    client_time    timestamptz,
    method         varchar(64),
    platform       varchar(32),
    app_version    varchar(64),
    device_id      varchar(64),
    prev_hash      varchar(64)  NOT NULL CHECK (prev_hash ~ '^[0-9a-f]{64}$'),
    hash           varchar(64)  NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
    CONSTRAINT consent_events_one_chain UNIQUE (subject, seq),
    CONSTRAINT consent_events_consent_shape CHECK (type <> 'CONSENT' OR (purpose IS NOT NULL AND state IS NOT NULL))
);

CREATE INDEX consent_events_by_purpose ON consent_events (subject, purpose, seq DESC);

-- Append-only, enforced by the database for every role, the service's own included: UPDATE, DELETE and
-- TRUNCATE raise. (Only a superuser can get around it, with session_replication_role = replica.)
CREATE FUNCTION refuse_ledger_change() RETURNS trigger
    LANGUAGE plpgsql AS
$$
BEGIN
    RAISE EXCEPTION '% on % is not allowed: the table is append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER consent_events_append_only
    BEFORE UPDATE OR DELETE ON consent_events
    FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();

CREATE TRIGGER consent_events_no_truncate
    BEFORE TRUNCATE ON consent_events
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();

CREATE TRIGGER consent_notices_append_only
    BEFORE UPDATE OR DELETE ON consent_notices
    FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
