package dev.camroll.privacy.internal;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.api.ProblemException;
import dev.camroll.identity.Subject;
import dev.camroll.privacy.internal.Purges.Purge;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * What a user can check a purge against (docs/privacy.md, "Deletion proofs"): the keys it deleted, whose Merkle tree
 * hash its {@code DATA_PURGED} entry names, and the inclusion proof of any one of them. Only the user's own purges:
 * another user's, like an id that names nothing, is {@code 404}.
 */
@Component
class DeletionProofs {

    /**
     * A purge with the object keys it deleted.
     *
     * @param purgeId the purge (as the erasure's answer and the DATA_PURGED entry's details name it)
     * @param scope {@code withdrawal} (what cloud_processing allowed) or {@code account} (an erasure: the devices too)
     * @param requestedAt when the withdrawal or erasure asked for it
     * @param finishedAt when it finished; null while it runs
     * @param ledgerEventId the DATA_PURGED ledger entry that closed it; null while it runs
     * @param objectKeysRoot the RFC 9162 Merkle tree hash (lowercase hex) over {@code keys}, as the DATA_PURGED entry's
     *     details state it; null while the purge runs, and for a purge that finished before its keys were kept
     * @param objects how many objects it deleted (the number of keys, as the entry's deleted.objects); null when
     *     objectKeysRoot is
     * @param keys the object keys it deleted, sorted (String order, which is byte order for these ASCII keys): the
     *     leaves of objectKeysRoot's tree; empty while the purge runs
     */
    record PurgeEvidence(
            UUID purgeId,
            String scope,
            Instant requestedAt,
            @Schema(nullable = true) @Nullable Instant finishedAt,
            @Schema(nullable = true) @Nullable UUID ledgerEventId,

            @Schema(
                    nullable = true,
                    description = "RFC 9162 Merkle tree hash (lowercase hex) over keys, each leaf a key's "
                            + "UTF-8 bytes; equals the DATA_PURGED entry's details.objectKeysRoot. Null while "
                            + "the purge runs and for a purge that finished before deleted keys were kept")
            @Nullable
            String objectKeysRoot,

            @Schema(nullable = true, description = "The number of keys (the entry's deleted.objects)") @Nullable
            Long objects,

            @Schema(description = "The deleted object keys, sorted; empty while the purge runs")
            List<String> keys) {}

    /**
     * The RFC 9162 (section 2.1.3) inclusion proof of one deleted key in the tree of a purge's keys.
     *
     * @param key the object key, as asked
     * @param index its leaf's index: its place among the purge's sorted keys (0 first)
     * @param size the number of leaves (the purge's keys)
     * @param objectKeysRoot the tree's root, as the DATA_PURGED entry's details state it
     * @param proof the audit path, lowercase hex SHA-256 hashes from the leaf's sibling up; empty for a tree of one key
     */
    record KeyProof(
            String key,
            long index,
            long size,
            String objectKeysRoot,

            @Schema(description = "The audit path: lowercase hex SHA-256 hashes, from the leaf's sibling up")
            List<String> proof) {}

    private final Purges purges;

    DeletionProofs(Purges purges) {
        this.purges = purges;
    }

    /** The caller's purge {@code purgeId} with its keys. */
    PurgeEvidence evidence(Subject caller, String purgeId) {
        Purge purge = find(caller, purgeId);
        if (purge.objectKeysRoot() == null) {
            return new PurgeEvidence(
                    purge.purgeId().value(),
                    purge.scope().column(),
                    purge.requestedAt(),
                    purge.finishedAt(),
                    purge.ledgerEventId(),
                    null,
                    null,
                    List.of());
        }
        // The root and the count as the purge stated them in its entry, the keys as kept: should they ever differ, the
        // user's check shows it.
        return new PurgeEvidence(
                purge.purgeId().value(),
                purge.scope().column(),
                purge.requestedAt(),
                purge.finishedAt(),
                purge.ledgerEventId(),
                purge.objectKeysRoot(),
                purge.counts().get("objects"),
                DeletedKeys.of(purges.keys(purge.purgeId())).sorted());
    }

    /** The inclusion proof of {@code key} in the keys of the caller's finished purge {@code purgeId}. */
    KeyProof proof(Subject caller, String purgeId, String key) {
        Purge purge = find(caller, purgeId);
        String root = purge.objectKeysRoot();
        if (root == null) {
            throw ProblemException.notFound(
                    purge.finished()
                            ? "Purge '" + purgeId + "' finished before deleted keys were kept; it proves no key."
                            : "Purge '" + purgeId + "' is still running; its keys are proven once it has finished.");
        }
        DeletedKeys keys = DeletedKeys.of(purges.keys(purge.purgeId()));
        int index = keys.indexOf(key);
        if (index < 0) {
            throw ProblemException.notFound("Purge '" + purgeId + "' did not delete that key.");
        }
        return new KeyProof(key, index, keys.size(), root, keys.proof(index));
    }

    private Purge find(Subject caller, String purgeId) {
        return purges.find(new PurgeId(Ids.parse(purgeId, "purge")))
                .filter(purge -> purge.subject().equals(caller))
                .orElseThrow(() -> ProblemException.notFound("No purge with id '" + purgeId + "'."));
    }
}
