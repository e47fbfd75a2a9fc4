-- The key that signs upload slots: capability URLs a background job (iOS PhotoKit) sends one file to without a bearer
-- token, each bound by an HMAC-SHA256 to one upload and an expiry (docs/privacy.md). One row, 32 random bytes, created
-- by the first instance that mints a slot (INSERT ... ON CONFLICT DO NOTHING, then read back), so every instance of a
-- cluster signs and verifies with the same key. Nothing about a single slot is stored.
CREATE TABLE upload_slot_keys (
    id         smallint    PRIMARY KEY CHECK (id = 1),
    secret     bytea       NOT NULL CHECK (octet_length(secret) = 32),
    created_at timestamptz NOT NULL
);

-- The service creates the key and reads it, nothing more; replacing it (which revokes every slot at once) is the
-- owner's job (docs/operations.md).
DO
$$
BEGIN
    IF '${service_role}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${service_role}') THEN
        EXECUTE format('REVOKE UPDATE, DELETE ON upload_slot_keys FROM %I', '${service_role}');
    END IF;
END
$$;
