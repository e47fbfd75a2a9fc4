package dev.camroll.consent;

import java.util.UUID;

/**
 * Published inside the transaction that records a withdrawal (one per purpose, cascades included), so other
 * modules stop the work it no longer allows in that same transaction.
 */
public record ConsentWithdrawn(String subject, Purpose purpose, UUID eventId) {}
