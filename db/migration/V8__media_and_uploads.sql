-- A user's stored media. One row per distinct content (sha256) per user: the same photo synced from two
-- devices is stored once.
CREATE TABLE media (
    media_id        uuid         PRIMARY KEY,
    subject         varchar(128) NOT NULL REFERENCES user_accounts (subject),
    device_id       varchar(64),
    client_asset_id varchar(200),
    kind            varchar(8)   NOT NULL CHECK (kind IN ('photo', 'video')),
    mime_type       varchar(100) NOT NULL,
    size            bigint       NOT NULL CHECK (size >= 0),
    sha256          varchar(64)  NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    captured_at     timestamptz,
    state           varchar(12)  NOT NULL CHECK (state IN ('stored', 'processed', 'failed')),
    problem_type    varchar(64),
    problem_detail  varchar(300),
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    CONSTRAINT media_one_per_content UNIQUE (subject, sha256)
);

CREATE INDEX media_by_subject ON media (subject, media_id);

-- tus upload resources. Each is created with its batch line and knows what must arrive: length, sha256
-- and type. 'staging' is the object store's state of the bytes received so far; together with upload_offset
-- it lets any instance continue the upload. 'writer' holds a short lease while one request appends, so two
-- racing PATCHes cannot both write; a crashed instance's lease simply runs out.
CREATE TABLE uploads (
    upload_id       uuid         PRIMARY KEY,
    subject         varchar(128) NOT NULL REFERENCES user_accounts (subject),
    batch_id        uuid         NOT NULL,
    client_asset_id varchar(200) NOT NULL,
    device_id       varchar(64)  NOT NULL,
    media_id        uuid         NOT NULL,
    length          bigint       NOT NULL CHECK (length >= 0),
    sha256          varchar(64)  NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    mime_type       varchar(100) NOT NULL,
    kind            varchar(8)   NOT NULL,
    captured_at     timestamptz,
    upload_offset   bigint       NOT NULL DEFAULT 0 CHECK (upload_offset >= 0 AND upload_offset <= length),
    state           varchar(12)  NOT NULL CHECK (state IN ('open', 'completed', 'failed', 'cancelled', 'expired')),
    staging         text,
    writer          varchar(64),
    writer_until    timestamptz,
    problem_type    varchar(64),
    problem_detail  varchar(300),
    created_at      timestamptz  NOT NULL,
    updated_at      timestamptz  NOT NULL,
    expires_at      timestamptz  NOT NULL,
    CONSTRAINT uploads_one_per_line UNIQUE (batch_id, client_asset_id)
);

CREATE INDEX uploads_open_by_subject ON uploads (subject, sha256) WHERE state = 'open';
CREATE INDEX uploads_open_by_expiry ON uploads (expires_at) WHERE state = 'open';
CREATE INDEX uploads_by_batch ON uploads (batch_id);
CREATE INDEX uploads_to_clean ON uploads (updated_at) WHERE state <> 'open' AND staging IS NOT NULL;
CREATE INDEX uploads_by_writer ON uploads (writer) WHERE writer IS NOT NULL;
