package dev.camroll.client;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where {@link LogConsistency} and {@link ReceiptVerifier} get RFC 9162 consistency proofs between two sizes of the
 * log: asked of the service when online, given up front to verify offline, or none (checkpoints of different sizes
 * then stay uncompared).
 */
@FunctionalInterface
public interface ConsistencyProofs {

    /** The proof that the log of size {@code to} extends the log of size {@code from} ({@code 0 < from < to}), or
     * null when none is at hand. */
    List<byte[]> between(long from, long to);

    /** No proofs: offline, with nothing fetched before. */
    static ConsistencyProofs none() {
        return (from, to) -> null;
    }

    /** The proofs in {@code proofs}, fetched before ({@link Consent#logConsistency}) and kept, for offline checks. */
    static ConsistencyProofs given(Collection<Consent.ConsistencyProof> proofs) {
        Map<List<Long>, Consent.ConsistencyProof> bySizes = new HashMap<>();
        for (Consent.ConsistencyProof proof : proofs) {
            bySizes.put(List.of(proof.from(), proof.to()), proof);
        }
        return (from, to) -> {
            Consent.ConsistencyProof proof = bySizes.get(List.of(from, to));
            return proof == null ? null : proof.hashes();
        };
    }

    /** Each proof asked of the service when needed ({@code GET /v1/consent/log/consistency}). */
    static ConsistencyProofs online(Consent consent) {
        return (from, to) -> consent.logConsistency(from, to).hashes();
    }
}
