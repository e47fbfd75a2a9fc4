-- Deletion proofs (docs/privacy.md, "Deletion proofs"): a finished purge keeps the object keys it deleted, and its
-- DATA_PURGED entry carries their RFC 9162 Merkle tree hash, so the user can list the keys, recompute the root and
-- check a proof that a given key was deleted. The keys are opaque (the random user key, media and suggestion ids, no
-- content), and are kept as long as their purge row, i.e. like the ledger.

-- The Merkle tree hash (lowercase hex) over the deleted keys, sorted, each leaf the key's UTF-8 bytes: the same value
-- as the DATA_PURGED entry's objectKeysRoot. Null while the purge runs, and for a purge that finished before its keys
-- were kept (its keys were emptied then).
ALTER TABLE purges ADD COLUMN object_keys_root char(64) CHECK (object_keys_root ~ '^[0-9a-f]{64}$');
ALTER TABLE purges ADD CONSTRAINT purges_root_only_when_finished CHECK (object_keys_root IS NULL OR finished_at IS NOT NULL);

COMMENT ON TABLE purge_keys IS 'The object keys a purge deleted: recorded before each deletion (so a purge resumed '
    'after a crash still covers every key), and kept after it finished as the evidence of the deletion (the leaves of '
    'purges.object_keys_root), as long as the purge row.';

-- Evidence: the service adds keys and never changes or removes them.
DO
$$
BEGIN
    IF '${service_role}' <> current_user AND EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${service_role}') THEN
        EXECUTE format('REVOKE UPDATE, DELETE ON purge_keys FROM %I', '${service_role}');
    END IF;
END
$$;
