/**
 * Privacy: what taking consent back does to a user's data. Withdrawing {@code cloud_processing} (or erasing the
 * account, {@code DELETE /v1/me}) requests a purge in the withdrawal's own transaction; the urgent
 * {@code purge-user} job then deletes every object under the user's prefix and every row the other modules keep
 * ({@link dev.camroll.privacy.PersonalData}), and closes with a {@code DATA_PURGED} ledger entry (counts, a digest
 * of the deleted keys, a receipt). The ledger and the access log are kept. Also the user's export
 * ({@code GET /v1/me/export}): consent, access log and purges, and each module's parts from the same
 * {@code PersonalData} beans, in one snapshot.
 */
package dev.camroll.privacy;
