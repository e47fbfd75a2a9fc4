package dev.camroll.storage.internal;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.JobOptions;
import dev.camroll.jobs.JobQueue;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.storage.ObjectOwner;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.ObjectStore.ListedObject;
import dev.camroll.storage.ReconcilerSettings;
import dev.camroll.storage.Staging.UnfinishedUpload;
import dev.camroll.storage.UserObjects;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The second line of defence behind every module's own cleanup: the {@code reconcile-objects} job, queued every
 * {@code interval}, lists everything under {@code staging/} and {@code u/} (objects, and on S3 the unfinished
 * multipart uploads no listing of objects shows), asks every {@link ObjectOwner} which of them its rows refer to, and
 * deletes the rest that are older than the grace period. Each module removes its own bytes when they stop being
 * owned, so whatever this finds is a defect (or a crash in the middle of a cleanup): it is counted in
 * {@code camroll.reconciler.orphans} ({@code kind} object or multipart) and logged as a warning with examples.
 */
@Component
class ObjectReconciler implements JobHandler<JobKind.NoPayload> {

    static final JobKind<JobKind.NoPayload> RECONCILE_OBJECTS =
            JobKind.of("reconcile-objects", JobKind.NoPayload.class);

    /** Where camroll keeps bytes: nothing else is looked at, so a bucket shared with other data is safe. */
    static final List<String> PREFIXES = List.of(ObjectKeys.STAGING_PREFIX, UserObjects.ROOT);

    /** Renewed after every page of at most 1,000 keys, which takes seconds. */
    static final Duration LEASE = Duration.ofMinutes(5);

    private static final int EXAMPLES = 10;

    private static final Logger log = LoggerFactory.getLogger(ObjectReconciler.class);

    private final ObjectStore store;

    private final List<ObjectOwner> owners;

    private final ReconcilerLease lease;

    private final ReconcilerSettings settings;

    private final JobQueue jobs;

    private final TransactionTemplate transaction;

    private final Clock clock;

    private final Counter orphanedObjects;

    private final Counter orphanedUploads;

    private final LoopSupervisor loops;

    ObjectReconciler(
            ObjectStore store,
            List<ObjectOwner> owners,
            ReconcilerLease lease,
            ReconcilerSettings settings,
            JobQueue jobs,
            TransactionTemplate transaction,
            Clock clock,
            MeterRegistry meters,
            LoopSupervisor loops) {
        this.store = store;
        this.owners = owners;
        this.lease = lease;
        this.settings = settings;
        this.jobs = jobs;
        this.transaction = transaction;
        this.clock = clock;
        this.orphanedObjects = Counter.builder("camroll.reconciler.orphans")
                .description("Objects no row owned, deleted by the reconciler (each one a defect)")
                .tag("kind", "object")
                .register(meters);
        this.orphanedUploads = Counter.builder("camroll.reconciler.orphans")
                .description("Objects no row owned, deleted by the reconciler (each one a defect)")
                .tag("kind", "multipart")
                .register(meters);
        this.loops = loops;
    }

    /** What one pass found and deleted; {@code examples} holds the first few keys. */
    record Reconciliation(
            long objectsChecked,
            long uploadsChecked,
            long orphanedObjects,
            long orphanedUploads,
            List<String> examples) {

        boolean foundNothing() {
            return orphanedObjects == 0 && orphanedUploads == 0;
        }
    }

    /** Every instance asks once a minute; the one that moves the due time on queues the pass. */
    @Scheduled(fixedDelay = 1, initialDelay = 1, timeUnit = TimeUnit.MINUTES)
    void queueWhenDue() {
        if (settings.enabled()) {
            loops.iterate(RECONCILE_OBJECTS.type(), this::queueIfDue);
        }
    }

    /** Queues a pass if one is due; true if this call did. */
    boolean queueIfDue() {
        return Boolean.TRUE.equals(transaction.execute(tx -> {
            if (!lease.claimDue(settings.interval())) {
                return false;
            }
            jobs.enqueue(
                    RECONCILE_OBJECTS,
                    null,
                    new JobKind.NoPayload(),
                    JobOptions.defaults().withDedupeKey(RECONCILE_OBJECTS.type()));
            return true;
        }));
    }

    @Override
    public JobKind<JobKind.NoPayload> kind() {
        return RECONCILE_OBJECTS;
    }

    @Override
    public void handle(Job job, JobKind.NoPayload none) {
        String holder = RECONCILE_OBJECTS.type() + "/" + job.id() + "/" + job.attempt();
        if (!lease.take(holder, LEASE)) {
            log.info("Another object reconciliation is running; this one ({}) is not needed", job.id());
            return;
        }
        try {
            reconcile(settings.grace(), () -> {
                if (!lease.renew(holder, LEASE)) {
                    throw new IllegalStateException("the reconciler's lease ran out; the pass stops here");
                }
            });
        } finally {
            lease.release(holder);
        }
    }

    /**
     * One pass: deletes what no owner claims among the objects and unfinished uploads last written at least
     * {@code grace} ago, calling {@code stillHeld} after each page (it throws to stop the pass).
     */
    Reconciliation reconcile(Duration grace, Runnable stillHeld) {
        Instant cutoff = clock.instant().minus(grace);
        Tally tally = new Tally();
        for (String prefix : PREFIXES) {
            store.scan(prefix, page -> {
                tally.objectsChecked += page.size();
                List<String> old = page.stream()
                        .filter(object -> !object.modified().isAfter(cutoff))
                        .map(ListedObject::key)
                        .toList();
                Set<String> orphaned = unowned(old, ObjectOwner::owned);
                for (String key : old) {
                    if (!orphaned.contains(key)) {
                        continue;
                    }
                    store.delete(key);
                    tally.orphanedObjects++;
                    orphanedObjects.increment();
                    tally.example(key);
                }
                stillHeld.run();
            });
            List<UnfinishedUpload> unfinished;
            try {
                unfinished = store.staging().unfinished(prefix);
            } catch (UncheckedIOException e) {
                log.warn(
                        "The reconciler cannot list the unfinished uploads under {}: {}",
                        prefix,
                        e.getCause().getMessage());
                continue;
            }
            for (int from = 0; from < unfinished.size(); from += ObjectStore.DELETE_BATCH) {
                List<UnfinishedUpload> batch =
                        unfinished.subList(from, Math.min(unfinished.size(), from + ObjectStore.DELETE_BATCH));
                tally.uploadsChecked += batch.size();
                List<UnfinishedUpload> old = batch.stream()
                        .filter(upload -> !upload.initiated().isAfter(cutoff))
                        .toList();
                Set<String> orphaned =
                        unowned(old.stream().map(UnfinishedUpload::key).toList(), ObjectOwner::stagedTo);
                for (UnfinishedUpload upload : old) {
                    if (orphaned.contains(upload.key())) {
                        store.staging().abort(upload);
                        tally.orphanedUploads++;
                        orphanedUploads.increment();
                        tally.example("unfinished upload to " + upload.key());
                    }
                }
                stillHeld.run();
            }
        }
        Reconciliation done = new Reconciliation(
                tally.objectsChecked,
                tally.uploadsChecked,
                tally.orphanedObjects,
                tally.orphanedUploads,
                List.copyOf(tally.examples));
        if (done.foundNothing()) {
            log.info(
                    "Object reconciliation: {} objects and {} unfinished uploads checked, none orphaned",
                    done.objectsChecked(),
                    done.uploadsChecked());
        } else {
            log.warn(
                    "Object reconciliation deleted {} objects and aborted {} unfinished uploads that no row owned: a "
                            + "defect (a cleanup that failed or was cut off), e.g. {}",
                    done.orphanedObjects(),
                    done.orphanedUploads(),
                    done.examples());
        }
        return done;
    }

    /** The keys no owner claims. */
    private Set<String> unowned(List<String> keys, BiFunction<ObjectOwner, Collection<String>, Set<String>> claim) {
        Set<String> unowned = new HashSet<>(keys);
        for (ObjectOwner owner : owners) {
            if (unowned.isEmpty()) {
                break;
            }
            unowned.removeAll(claim.apply(owner, List.copyOf(unowned)));
        }
        return unowned;
    }

    private static final class Tally {

        long objectsChecked;

        long uploadsChecked;

        long orphanedObjects;

        long orphanedUploads;

        final List<String> examples = new ArrayList<>();

        void example(String key) {
            if (examples.size() < EXAMPLES) {
                examples.add(key);
            }
        }
    }
}
