-- Two roles, as in production: the owner runs these migrations; the service connects as
-- ${service_role}, which reads and writes rows but owns nothing, so it cannot ALTER a table to switch its
-- triggers off, nor TRUNCATE. The ledger tables are insert-only for it even by privilege; the append-only
-- triggers bind the owner as well. Where one role does both jobs (service_role = the owner) no grant is needed.
CREATE TRIGGER access_log_no_truncate
    BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();

CREATE TRIGGER consent_notices_no_truncate
    BEFORE TRUNCATE ON consent_notices
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_ledger_change();

DO
$$
BEGIN
    IF '${service_role}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${service_role}') THEN
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON user_accounts, idempotency_keys TO %I', '${service_role}');
        EXECUTE format('GRANT SELECT, INSERT ON consent_notices, consent_events, access_log TO %I', '${service_role}');
        -- Tables of later migrations are read-write for the service by default; an append-only table
        -- revokes UPDATE and DELETE in its own migration.
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO %I',
                       '${service_role}');
        EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO %I',
                       '${service_role}');
    END IF;
END
$$;
