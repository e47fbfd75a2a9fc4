-- Suggestions built from a user's processed media (contract section Suggestions). A suggestion keeps its id while
-- its moment grows; a dismissed one stays (DISMISSED) so the next build recognises it and never shows it again; one
-- that no longer holds (its media deleted) is kept as a tombstone (removed_at) so /changes can report it.
CREATE SEQUENCE suggestion_changes;

CREATE TABLE suggestions (
    suggestion_id  uuid PRIMARY KEY,
    subject        varchar(128) NOT NULL REFERENCES user_accounts (subject),
    kind           varchar(10)  NOT NULL CHECK (kind IN ('COLLAGE', 'RECAP', 'THEME')),
    theme          varchar(30),
    -- What the suggestion is about, for recognising it in the next build: 'moment' for suggestions matched by
    -- their media (collages, trips), otherwise a stable key such as 'recap:2025-05'.
    anchor         varchar(100) NOT NULL,
    title          varchar(200) NOT NULL,
    subtitle       varchar(200),
    period_from    timestamptz  NOT NULL,
    period_to      timestamptz  NOT NULL,
    media_ids      uuid[]       NOT NULL,
    -- Every distinct shot of the moment the suggestion stands for (media_ids shows the best of them).
    basis_ids      uuid[]       NOT NULL,
    cover_media_id uuid         NOT NULL,
    rendered       boolean      NOT NULL DEFAULT false,
    state          varchar(10)  NOT NULL DEFAULT 'NEW' CHECK (state IN ('NEW', 'SEEN', 'SAVED', 'DISMISSED')),
    show_from      date,
    show_until     date,
    created_at     timestamptz  NOT NULL,
    updated_at     timestamptz  NOT NULL,
    removed_at     timestamptz,
    change_seq     bigint       NOT NULL
);

CREATE INDEX suggestions_by_subject ON suggestions (subject, suggestion_id);
CREATE INDEX suggestions_by_change ON suggestions (subject, change_seq);

-- The dates a user wants remembered (PUT /v1/me/occasions), in the order given.
CREATE TABLE occasions (
    subject  varchar(128) NOT NULL REFERENCES user_accounts (subject),
    position integer      NOT NULL,
    label    varchar(100) NOT NULL,
    kind     varchar(12)  NOT NULL CHECK (kind IN ('birthday', 'anniversary')),
    month    integer      NOT NULL CHECK (month BETWEEN 1 AND 12),
    day      integer      NOT NULL CHECK (day BETWEEN 1 AND 31),
    PRIMARY KEY (subject, position)
);
