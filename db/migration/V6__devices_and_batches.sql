-- Devices a user syncs from. The OS photo-library permission is recorded as context, never as consent.
CREATE TABLE devices (
    subject              varchar(128) NOT NULL REFERENCES user_accounts (subject),
    device_id            varchar(64)  NOT NULL CHECK (device_id ~ '^[A-Za-z0-9._-]{1,64}$'),
    platform             varchar(16)  NOT NULL CHECK (platform IN ('ios', 'android', 'other')),
    app_version          varchar(64)  NOT NULL,
    model                varchar(128),
    os_version           varchar(64),
    photo_library_access varchar(16)  NOT NULL CHECK (photo_library_access IN ('full', 'limited', 'none')),
    registered_at        timestamptz  NOT NULL,
    updated_at           timestamptz  NOT NULL,
    last_sync_at         timestamptz,
    PRIMARY KEY (subject, device_id)
);

-- A batch manifest: what the app wants to sync in one background run, hashes first, so nothing the user
-- already has is sent again.
CREATE TABLE batches (
    batch_id   uuid         PRIMARY KEY,
    subject    varchar(128) NOT NULL,
    device_id  varchar(64)  NOT NULL,
    created_at timestamptz  NOT NULL,
    FOREIGN KEY (subject, device_id) REFERENCES devices (subject, device_id)
);

CREATE INDEX batches_by_subject ON batches (subject, created_at);

-- One line of a manifest and what the service decided for it. For 'upload' the media id is reserved now
-- and the upload resource created with the batch; for 'duplicate' it names the media the user already has
-- (or that an earlier line or an open upload brings).
CREATE TABLE batch_items (
    batch_id        uuid         NOT NULL REFERENCES batches (batch_id),
    client_asset_id varchar(200) NOT NULL,
    position        integer      NOT NULL,
    sha256          varchar(64)  NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size            bigint       NOT NULL CHECK (size >= 0),
    mime_type       varchar(100) NOT NULL,
    kind            varchar(8)   NOT NULL CHECK (kind IN ('photo', 'video')),
    captured_at     timestamptz,
    paired_with     varchar(200),
    disposition     varchar(12)  NOT NULL CHECK (disposition IN ('upload', 'duplicate', 'rejected')),
    media_id        uuid,
    upload_id       uuid,
    problem_type    varchar(64),
    problem_detail  varchar(300),
    PRIMARY KEY (batch_id, client_asset_id)
);
