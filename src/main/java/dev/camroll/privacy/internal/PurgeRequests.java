package dev.camroll.privacy.internal;

import java.time.Clock;
import java.util.UUID;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.ConsentService;
import dev.camroll.consent.ConsentState;
import dev.camroll.consent.ConsentViews.Circumstances;
import dev.camroll.consent.ConsentWithdrawn;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.privacy.PrivacySettings;
import dev.camroll.privacy.PurgeScope;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where purges come from: a withdrawal of {@code cloud_processing} (in its own transaction, which also cancels the
 * user's queued jobs; the upload module cancels the uploads, which settles their batches) and account erasure.
 */
@Component
class PurgeRequests {

    static final JobKind<PurgeUser> PURGE_USER = JobKind.of("purge-user", PurgeUser.class);

    /**
     * The payload of {@link #PURGE_USER}. A plain UUID, not a {@link PurgeId}: the component is the stored JSON
     * ({@code {"purgeId":"..."}}), which queued jobs must keep.
     */
    record PurgeUser(UUID purgeId) {}

    /** A purge waits for running work and retries after store failures; it must not give up while it can finish. */
    private static final int PURGE_ATTEMPTS = 50;

    private static final Logger log = LoggerFactory.getLogger(PurgeRequests.class);

    private final Purges purges;

    private final JobQueue jobs;

    private final ConsentGate consent;

    private final ConsentService decisions;

    private final UserAccounts accounts;

    private final PrivacySettings settings;

    private final Clock clock;

    PurgeRequests(
            Purges purges,
            JobQueue jobs,
            ConsentGate consent,
            ConsentService decisions,
            UserAccounts accounts,
            PrivacySettings settings,
            Clock clock) {
        this.purges = purges;
        this.jobs = jobs;
        this.consent = consent;
        this.decisions = decisions;
        this.accounts = accounts;
        this.settings = settings;
        this.clock = clock;
    }

    @EventListener
    void withdrawn(ConsentWithdrawn withdrawn) {
        if (withdrawn.purpose() == Purpose.CLOUD_PROCESSING) {
            int cancelled = jobs.cancelFor(withdrawn.subject());
            PurgeId purgeId = request(withdrawn.subject(), PurgeScope.WITHDRAWAL, withdrawn.eventId());
            log.debug(
                    "Withdrawal {} cancelled {} queued jobs and requested purge {}",
                    withdrawn.eventId(),
                    cancelled,
                    purgeId);
        }
    }

    /**
     * {@code DELETE /v1/me}: withdraws {@code cloud_processing} if it is given (by the user, method
     * {@code account-erasure}), marks the account erased and requests a purge of the whole account.
     */
    @Transactional
    Purges.Purge eraseAccount(Subject subject) {
        accounts.lock(subject);
        if (consent.isGiven(subject, Purpose.CLOUD_PROCESSING)) {
            decisions.decide(
                    subject,
                    Purpose.CLOUD_PROCESSING,
                    ConsentState.WITHDRAWN,
                    null,
                    new Circumstances(null, null, "account-erasure", null, null, null));
        }
        PurgeId purgeId = request(subject, PurgeScope.ACCOUNT, null);
        accounts.markErased(subject);
        return purges.find(purgeId).orElseThrow();
    }

    /** The user's pending purge, widened to {@code scope}, or a new one with its urgent job. */
    @Transactional(propagation = Propagation.MANDATORY)
    PurgeId request(Subject subject, PurgeScope scope, @Nullable UUID cause) {
        var pending = purges.lockPending(subject);
        if (pending.isPresent()) {
            if (scope == PurgeScope.ACCOUNT && pending.get().scope() != scope) {
                purges.widen(pending.get().purgeId(), scope);
            }
            return pending.get().purgeId();
        }
        PurgeId purgeId = purges.insert(subject, scope, cause, clock.instant(), settings.purgeDeadline());
        jobs.enqueue(
                PURGE_USER,
                null,
                new PurgeUser(purgeId.value()),
                JobOptions.defaults().withMaxAttempts(PURGE_ATTEMPTS).asUrgent());
        return purgeId;
    }
}
