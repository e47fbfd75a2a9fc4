-- First answers to requests that carried an Idempotency-Key, replayed for 24 h. status is NULL while the
-- first request is still running.
CREATE TABLE idempotency_keys (
    subject         varchar(128) NOT NULL,
    idempotency_key varchar(255) NOT NULL,
    request_hash    varchar(64)  NOT NULL,
    status          integer,
    content_type    varchar(200),
    location        varchar(2000),
    body            bytea,
    created_at      timestamptz  NOT NULL,
    expires_at      timestamptz  NOT NULL,
    PRIMARY KEY (subject, idempotency_key)
);

CREATE INDEX idempotency_keys_expiry ON idempotency_keys (expires_at);
