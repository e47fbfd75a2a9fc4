/**
 * Transparency: one global append-only Merkle log (RFC 9162) of every consent ledger entry of every user, with signed
 * checkpoints (C2SP tlog-checkpoint / signed-note, Ed25519), served as tiles (C2SP tlog-tiles) without authentication,
 * and inclusion and consistency proofs, so that no one, the operator included, can rewrite a history unnoticed.
 *
 * <p>Owns the tables {@code transparency_log}, {@code transparency_pending}, {@code transparency_salts}, {@code
 * transparency_leaves}, {@code transparency_hashes}, {@code transparency_positions} and {@code
 * transparency_checkpoints}.
 *
 * <p>Offers {@link dev.camroll.transparency.ConsentLog} (queue an entry in the ledger's transaction, prove it, forget
 * a user's salt), {@link dev.camroll.transparency.MerkleTree} (the hashing, for other Merkle trees such as a purge's
 * deleted keys) and {@link dev.camroll.transparency.TransparencySettings}. It declares no job kinds and publishes no
 * events.
 */
@ApplicationModule(
        displayName = "Transparency",
        allowedDependencies = {"api", "runtime"})
@NullMarked
package dev.camroll.transparency;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
