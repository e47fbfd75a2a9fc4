/**
 * Consent: the purposes and their versioned notices, the append-only hash-chained ledger per user (every entry also
 * queued, in its transaction, for the transparency module's public log), signed receipts with their inclusion proofs,
 * the current state, the {@link dev.camroll.consent.ConsentGate} other modules ask before any work on a user's data,
 * and the log of staff accesses the user can read.
 *
 * <p>Owns the tables {@code consent_events} (the ledger), {@code consent_chain_heads} (how far each chain was
 * verified), {@code consent_notices} (every notice text ever published) and {@code access_log}.
 *
 * <p>Offers {@link dev.camroll.consent.ConsentGate} (is a purpose given), {@link dev.camroll.consent.ConsentService}
 * (decisions, withdrawals on a user's behalf, purge entries, state, ledger and receipts), {@link
 * dev.camroll.consent.AccessLog} (record and read staff accesses), the event {@link
 * dev.camroll.consent.ConsentWithdrawn} (published in the withdrawing transaction) and the port {@link
 * dev.camroll.consent.PendingPurges} the purging module implements. Its problem types are {@link
 * dev.camroll.consent.ConsentProblem}; it declares no job kinds.
 */
@ApplicationModule(
        displayName = "Consent",
        allowedDependencies = {"api", "identity", "runtime", "transparency"})
@NullMarked
package dev.camroll.consent;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
