package dev.camroll.privacy.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.camroll.api.IdempotencyKeys;
import dev.camroll.consent.ConsentService;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobQueue;
import dev.camroll.privacy.PersonalData;
import dev.camroll.privacy.PrivacySettings;
import dev.camroll.privacy.PurgeScope;
import dev.camroll.privacy.internal.Purges.Purge;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.UserObjects;
import dev.camroll.transparency.ConsentLog;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@code purge-user} job. Each step is idempotent, so a run that crashed is simply run again:
 * <ol>
 * <li>wait until none of the user's work runs (jobs, streaming uploads): what is running may still write;</li>
 * <li>remove the bytes kept outside the user's prefix (staged uploads);</li>
 * <li>one transaction under the user's lock: every module deletes its rows of the user, and the user's jobs
 * and stored idempotent answers (but those of consent decisions, which must replay until they expire);</li>
 * <li>delete every object under {@code u/{userKey}/}, listing again until nothing is left;</li>
 * <li>one transaction: the rows once more (the scope may have widened to the account), then the
 * {@code DATA_PURGED} ledger entry with the counts, the SHA-256 of the sorted deleted keys and their Merkle tree hash
 * ({@link DeletedKeys}).</li>
 * </ol>
 * Keys are recorded before they are deleted, so a resumed purge digests every key it deleted; they stay recorded after
 * it finished, as the evidence the user can check the root against ({@code GET /v1/me/purges/{purgeId}}).
 */
@Component
class UserPurge implements JobHandler<PurgeRequests.PurgeUser> {

    private static final Logger log = LoggerFactory.getLogger(UserPurge.class);

    private static final Duration POLL = Duration.ofMillis(100);

    private final Purges purges;

    private final List<PersonalData> holders;

    private final UserAccounts accounts;

    private final JobQueue jobs;

    private final IdempotencyKeys idempotencyKeys;

    private final ObjectStore store;

    private final ConsentService consent;

    private final ConsentLog transparencyLog;

    private final TransactionTemplate transaction;

    private final PrivacySettings settings;

    private final MeterRegistry meters;

    private final Clock clock;

    UserPurge(
            Purges purges,
            List<PersonalData> holders,
            UserAccounts accounts,
            JobQueue jobs,
            IdempotencyKeys idempotencyKeys,
            ObjectStore store,
            ConsentService consent,
            ConsentLog transparencyLog,
            TransactionTemplate transaction,
            PrivacySettings settings,
            MeterRegistry meters,
            Clock clock) {
        this.purges = purges;
        this.holders = holders;
        this.accounts = accounts;
        this.jobs = jobs;
        this.idempotencyKeys = idempotencyKeys;
        this.store = store;
        this.consent = consent;
        this.transparencyLog = transparencyLog;
        this.transaction = transaction;
        this.settings = settings;
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public JobKind<PurgeRequests.PurgeUser> kind() {
        return PurgeRequests.PURGE_USER;
    }

    @Override
    public void handle(Job job, PurgeRequests.PurgeUser payload) throws InterruptedException {
        PurgeId purgeId = new PurgeId(payload.purgeId());
        Purge purge = purges.find(purgeId).orElse(null);
        if (purge == null || purge.finished()) {
            return;
        }
        Subject subject = purge.subject();
        String prefix = new UserObjects(accounts.find(subject).orElseThrow().userKey()).prefix();
        Instant started = clock.instant();
        long mark = System.nanoTime();
        awaitQuiet(subject);
        long waited = lap(mark);
        mark = System.nanoTime();
        for (PersonalData holder : holders) {
            holder.removeBytesOutsidePrefix(subject, keys -> purges.recordKeys(purgeId, keys));
        }
        long staged = lap(mark);
        mark = System.nanoTime();
        transaction.executeWithoutResult(tx -> eraseRows(purge));
        long rows = lap(mark);
        mark = System.nanoTime();
        deleteObjects(purgeId, prefix);
        long objects = lap(mark);
        mark = System.nanoTime();
        Purge finished = transaction.execute(tx -> finish(purgeId));
        long ledger = lap(mark);
        if (finished != null) {
            Duration took = Duration.between(finished.requestedAt(), finished.finishedAt());
            meters.timer(
                            "camroll.privacy.purge.duration",
                            "scope",
                            finished.scope().column())
                    .record(took);
            if (finished.finishedAt().isAfter(finished.deadlineAt())) {
                log.warn(
                        "Purge {} finished after its deadline: {} ms after it was requested", purgeId, took.toMillis());
            }
            // The steps of this run; "queued" is from the request to this run's start (earlier runs included).
            log.info(
                    "Purge {} ({}) finished in {} ms: queued {} ms, waiting for running work {} ms, staged bytes {} ms,"
                            + " rows {} ms, objects {} ms, ledger {} ms; {}",
                    purgeId,
                    finished.scope().column(),
                    took.toMillis(),
                    Duration.between(finished.requestedAt(), started).toMillis(),
                    waited,
                    staged,
                    rows,
                    objects,
                    ledger,
                    finished.counts());
        }
    }

    private static long lap(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Waits (up to the deadline) until none of the user's work runs; after that the job tries again later. */
    private void awaitQuiet(Subject subject) throws InterruptedException {
        Instant giveUp = clock.instant().plus(settings.purgeDeadline());
        while (busy(subject)) {
            if (clock.instant().isAfter(giveUp)) {
                throw new IllegalStateException("the user's work is still running; the purge tries again later");
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private boolean busy(Subject subject) {
        return jobs.runningFor(subject) > 0 || holders.stream().anyMatch(holder -> holder.writing(subject));
    }

    private void eraseRows(Purge purge) {
        accounts.lock(purge.subject());
        Purge current = purges.lockPending(purge.subject()).orElse(null);
        if (current == null || !current.purgeId().equals(purge.purgeId())) {
            return; // finished meanwhile by another run
        }
        Map<String, Integer> deleted = new HashMap<>();
        for (PersonalData holder : holders) {
            holder.erase(purge.subject(), current.scope()).forEach((kind, n) -> deleted.merge(kind, n, Integer::sum));
        }
        // Deleted in the same transaction as the rows the running work read: what started before has ended (or the
        // transaction rolls back and the purge waits again), and nothing of the user is left to start new work from.
        deleted.merge("jobs", jobs.forget(purge.subject()), Integer::sum);
        if (jobs.runningFor(purge.subject()) > 0) {
            throw new IllegalStateException("a job of the user started while the purge erased its rows; trying again");
        }
        idempotencyKeys.forgetAllButConsent(purge.subject().value());
        purges.addCounts(purge.purgeId(), deleted);
    }

    /**
     * Deletes the objects in one pass over the listing, each batch of keys recorded just before it is deleted; then
     * again, until a pass finds nothing (an object written meanwhile).
     */
    private void deleteObjects(PurgeId purgeId, String prefix) {
        while (!store.deleteByPrefix(prefix, keys -> purges.recordKeys(purgeId, keys))
                .isEmpty()) {
            log.debug("Purge {} deleted objects under {}; looking again", purgeId, prefix);
        }
    }

    private @Nullable Purge finish(PurgeId purgeId) {
        Purge purge = purges.find(purgeId).orElseThrow();
        accounts.lock(purge.subject());
        if (purges.lockPending(purge.subject())
                .filter(p -> p.purgeId().equals(purgeId))
                .isEmpty()) {
            return null;
        }
        eraseRows(purge);
        purge = purges.find(purgeId).orElseThrow();
        DeletedKeys deletedKeys = DeletedKeys.of(purges.keys(purgeId));
        List<String> keys = deletedKeys.sorted();
        String root = deletedKeys.root();
        TreeMap<String, Long> counts = new TreeMap<>(purge.counts());
        counts.put("objects", (long) keys.size());
        TreeMap<String, Object> details = new TreeMap<>();
        details.put("purgeId", purgeId.toString());
        details.put("scope", purge.scope().column());
        details.put("requestedAt", purge.requestedAt().toString());
        if (purge.causeEventId() != null) {
            details.put("cause", purge.causeEventId().toString());
        }
        details.put("deleted", counts);
        details.put("objectKeysSha256", digest(keys));
        details.put("objectKeysRoot", root);
        UUID entry = consent.recordPurge(purge.subject(), details).eventId();
        if (purge.scope() == PurgeScope.ACCOUNT) {
            // Once this entry is in the transparency log, the user's salt goes: their leaves stay, linkable to no one.
            transparencyLog.forget(purge.subject().value());
        }
        Instant now = clock.instant();
        purges.finish(purgeId, entry, now, counts, root);
        return purges.find(purgeId).orElseThrow();
    }

    /** SHA-256 over the keys in order, each as UTF-8 followed by a line feed (lowercase hex). */
    static String digest(List<String> sortedKeys) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            for (String key : sortedKeys) {
                sha256.update((key + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha256.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
