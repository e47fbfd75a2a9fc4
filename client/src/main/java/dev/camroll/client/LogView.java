package dev.camroll.client;

/**
 * What a verification knows of the transparency log besides the receipts' proofs ({@link ReceiptVerifier#verify(String,
 * java.util.List, java.util.List, LogView)}).
 *
 * @param kept the checkpoint kept from the last verification ({@link Verification#checkpointToKeep()}), or null
 * @param newest the log's newest checkpoint, fetched just now ({@link Consent#logCheckpoint()}); null offline. When
 *     given, a kept checkpoint larger than all the log shows (this one and the receipts' proofs' checkpoints) is a
 *     rollback
 * @param proofs where consistency proofs between two sizes come from; null for none
 */
public record LogView(Checkpoint kept, Checkpoint newest, ConsistencyProofs proofs) {

    public LogView {
        proofs = proofs == null ? ConsistencyProofs.none() : proofs;
    }
}
