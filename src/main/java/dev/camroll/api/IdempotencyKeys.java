package dev.camroll.api;

/**
 * The answers kept for {@code Idempotency-Key} replay, as far as other modules need them: the purge forgets a user's.
 */
public interface IdempotencyKeys {

    /**
     * Forgets the stored answers of {@code subject} that may repeat the user's data (manifests, uploads), for a purge.
     * Answers to consent decisions stay until they expire: a phone retrying an old "give" after the withdrawal must
     * get the replay, not give consent again.
     *
     * @return how many answers were forgotten
     */
    int forgetAllButConsent(String subject);
}
