/**
 * Privacy: what taking consent back does to a user's data. Withdrawing {@code cloud_processing} (or erasing the
 * account, {@code DELETE /v1/me}) requests a purge in the withdrawal's own transaction; the urgent
 * {@code purge-user} job then deletes every object under the user's prefix and every row the other modules keep
 * ({@link dev.camroll.privacy.PersonalData}), and closes with a {@code DATA_PURGED} ledger entry (counts, a digest
 * of the deleted keys and their Merkle tree hash, a receipt). The ledger, the access log and the deleted keys are
 * kept: {@code GET /v1/me/purges/{purgeId}} lists a purge's keys and proves any one of them (the hashing is
 * transparency's {@code MerkleTree}). Also the user's export ({@code GET /v1/me/export}): consent, access log and
 * purges, and each module's parts from the same {@code PersonalData} beans, in one snapshot.
 *
 * <p>Owns the tables {@code purges} and {@code purge_keys} ({@code internal.Purges} holds their SQL). Offers other
 * modules {@link dev.camroll.privacy.PersonalData} (implemented by each module with data about a user, with
 * {@link dev.camroll.privacy.PurgeScope} and {@link dev.camroll.privacy.ExportSection}) and
 * {@link dev.camroll.privacy.PrivacySettings}; it implements consent's {@code PendingPurges}. Listens to
 * consent's {@code ConsentWithdrawn}; its job kind {@code purge-user} is its own (internal) and publishes no events.
 */
@ApplicationModule(
        displayName = "Privacy",
        allowedDependencies = {"api", "consent", "identity", "jobs", "storage", "transparency"})
@NullMarked
package dev.camroll.privacy;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
