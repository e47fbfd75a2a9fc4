-- Every staff access to a user's data, written before the data is returned. Users read their own entries
-- (GET /v1/me/access-log); admins query all. Entries are never changed.
CREATE TABLE access_log (
    id       uuid         PRIMARY KEY,
    at       timestamptz  NOT NULL,
    staff_id varchar(128) NOT NULL,
    subject  varchar(128),
    reason   varchar(500) NOT NULL,
    resource varchar(300) NOT NULL
);

CREATE INDEX access_log_by_subject ON access_log (subject, id);
CREATE INDEX access_log_by_staff ON access_log (staff_id, id);

CREATE TRIGGER access_log_append_only
    BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION refuse_ledger_change();
