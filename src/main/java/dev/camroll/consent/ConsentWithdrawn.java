package dev.camroll.consent;

import java.util.UUID;

import dev.camroll.identity.Subject;

/**
 * Published inside the transaction that records a withdrawal (one per purpose, cascades included), so other
 * modules stop the work it no longer allows in that same transaction.
 */
public record ConsentWithdrawn(Subject subject, Purpose purpose, UUID eventId) {}
