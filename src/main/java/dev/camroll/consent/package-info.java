/**
 * Consent: the purposes and their versioned notices, the append-only hash-chained ledger per user, signed
 * receipts, the current state, the {@link dev.camroll.consent.ConsentGate} other modules ask before any work
 * on a user's data, and the log of staff accesses the user can read.
 */
package dev.camroll.consent;
