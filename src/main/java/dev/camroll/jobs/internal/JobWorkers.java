package dev.camroll.jobs.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobSettings;
import dev.camroll.jobs.PermanentJobFailure;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.runtime.Outages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DuplicateKeyException;

/**
 * This instance's workers: one dispatcher thread claims due jobs of the types this instance has handlers for, never
 * more than there are free workers (so a claimed job starts at once and its lease is not spent waiting), and hands
 * them to a fixed pool. The dispatcher sleeps up to {@code poll-interval} and is woken early by a local enqueue's
 * commit or a freed worker. Every {@code recovery-interval} it also takes back expired leases and removes old finished
 * jobs. Several instances run side by side on one database; {@code SKIP LOCKED} keeps their claims apart. Nothing
 * thrown in one round, not even an {@link Error}, ends the dispatcher: the round is counted as a restart of the loop
 * {@value #LOOP} and the next one follows after {@code poll-interval}.
 */
class JobWorkers implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(JobWorkers.class);

    /** An outage waits at least as long as a third attempt would: 4 to 8 s with the default 2 s backoff base. */
    private static final int OUTAGE_BACKOFF_STEP = 3;

    static final String LOOP = "jobs-dispatcher";

    private final Jobs jobs;

    private final Map<String, JobHandler<?>> handlers;

    private final JobSettings settings;

    private final JobMetrics metrics;

    private final JobSignal signal;

    private final String workerId;

    private final Backoff backoff;

    private final LoopSupervisor loops;

    /** Whether no other worker can be alive on this database, so jobs others hold are a dead process's. */
    private final boolean soleInstance;

    private final Semaphore freeWorkers;

    private volatile boolean running;

    /** Set when shutdown stopped waiting: outcomes of handlers still running are then left to lease recovery. */
    private volatile boolean abandoned;

    private Thread dispatcher;

    private LoopSupervisor.Watch watch;

    private ExecutorService pool;

    private long lastHousekeeping;

    private long lastHeartbeat = System.nanoTime();

    private boolean failing;

    JobWorkers(
            Jobs jobs,
            JobHandlers handlers,
            JobSettings settings,
            JobMetrics metrics,
            JobSignal signal,
            String workerId,
            Backoff backoff,
            LoopSupervisor loops,
            boolean soleInstance) {
        this.jobs = jobs;
        this.handlers = handlers.byType();
        this.settings = settings;
        this.metrics = metrics;
        this.signal = signal;
        this.workerId = workerId;
        this.backoff = backoff;
        this.loops = loops;
        this.soleInstance = soleInstance;
        this.freeWorkers = new Semaphore(settings.workers());
    }

    String workerId() {
        return workerId;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        abandoned = false;
        lastHousekeeping = System.nanoTime() - settings.recoveryInterval().toNanos();
        AtomicInteger number = new AtomicInteger();
        pool = Executors.newFixedThreadPool(settings.workers(), runnable -> {
            Thread thread = new Thread(runnable, "camroll-job-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        dispatcher = new Thread(this::dispatch, "camroll-jobs-dispatcher");
        dispatcher.setDaemon(true);
        dispatcher.start();
        watch = loops.watch(LOOP, dispatcher::isAlive);
        log.info(
                "Job workers {} started: {} workers for {}",
                workerId,
                settings.workers(),
                handlers.isEmpty() ? "no job types (no handlers yet)" : handlers.keySet());
    }

    /** Stops claiming, waits up to {@code shutdown-timeout} for running handlers, and leaves the rest to lease recovery. */
    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        watch.close();
        signal.signal();
        try {
            dispatcher.join(settings.pollInterval().toMillis()
                    + settings.shutdownTimeout().toMillis()
                    + 1000);
            pool.shutdown();
            if (!pool.awaitTermination(settings.shutdownTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                abandoned = true;
                int busy = settings.workers() - freeWorkers.availablePermits();
                log.warn(
                        "Job workers {} stopped with {} handler(s) still running; their jobs run again once their "
                                + "leases expire",
                        workerId,
                        busy);
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            abandoned = true;
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
        log.info("Job workers {} stopped", workerId);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void dispatch() {
        List<String> types = List.copyOf(handlers.keySet());
        while (running) {
            try {
                renewLeasesIfDue();
                housekeepIfDue();
                int free = types.isEmpty() ? 0 : freeWorkers.availablePermits();
                List<Job> claimed = free == 0 ? List.of() : jobs.claim(workerId, types, free, settings.heldFor());
                reachable();
                for (Job job : claimed) {
                    freeWorkers.acquireUninterruptibly();
                    try {
                        pool.execute(() -> run(job));
                    } catch (RejectedExecutionException stopping) {
                        freeWorkers.release(); // the claim is left to lease recovery
                    } catch (RuntimeException | Error noThread) {
                        freeWorkers.release(); // as above; a permit kept here would be a worker lost for good
                        throw noThread;
                    }
                }
                if (free > 0 && claimed.size() == free) {
                    continue; // more may be due: claim again as soon as a worker is free
                }
                signal.await(settings.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                if (e instanceof RuntimeException) {
                    loops.restarted(LOOP);
                    if (!failing) {
                        log.warn(
                                "Job workers {} cannot reach the queue, retrying every {}: {}",
                                workerId,
                                settings.pollInterval(),
                                e.toString());
                        failing = true;
                    }
                } else {
                    loops.failed(LOOP, e);
                }
                try {
                    signal.await(settings.pollInterval());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void reachable() {
        if (failing) {
            log.info("Job workers {} reach the queue again", workerId);
            failing = false;
        }
    }

    /** Renews the leases of this instance's running jobs every heartbeat, so only a dead instance's jobs expire. */
    private void renewLeasesIfDue() {
        long now = System.nanoTime();
        if (now - lastHeartbeat < settings.heartbeat().toNanos()) {
            return;
        }
        lastHeartbeat = now;
        jobs.renewLeases(workerId, settings.heldFor(), settings.lease());
    }

    private void housekeepIfDue() {
        long now = System.nanoTime();
        if (now - lastHousekeeping < settings.recoveryInterval().toNanos()) {
            return;
        }
        lastHousekeeping = now;
        try {
            for (Jobs.Recovered job :
                    jobs.recoverLeases(soleInstance ? workerId : null, settings.backoffBase(), settings.backoffMax())) {
                metrics.attempt(job.type(), "expired");
                log.warn(
                        "Job {} ({}): its worker is gone ({}), the job is {} now",
                        job.id(),
                        job.type(),
                        soleInstance ? "its process ended, or its lease expired" : "its lease expired",
                        Jobs.column(job.state()));
            }
        } catch (DuplicateKeyException raced) {
            // A job being taken back and an enqueue with its dedupe key committed at once; the next round sees the
            // queued job and cancels the taken-back one in its favour.
            log.info(
                    "Lease recovery met a concurrent enqueue with the same dedupe key; it runs again in {}",
                    settings.recoveryInterval());
        }
        int removed = jobs.removeFinished(settings.retention());
        if (removed > 0) {
            log.debug("Removed {} finished jobs older than {}", removed, settings.retention());
        }
    }

    /** Calls the handler (its proxy: a transactional handler runs in its transaction) with the job's payload. */
    private static <P extends Record> void attempt(JobHandler<P> handler, Job job) throws Exception {
        handler.handle(job, handler.kind().read(job));
    }

    private void run(Job job) {
        MDC.put("jobId", job.id().toString());
        MDC.put("jobType", job.type());
        try {
            Throwable failure = null;
            try {
                attempt(handlers.get(job.type()), job);
            } catch (Throwable e) {
                failure = e;
            }
            if (!abandoned) {
                record(job, failure);
            }
        } finally {
            MDC.remove("jobId");
            MDC.remove("jobType");
            freeWorkers.release();
            signal.signal();
        }
    }

    private void record(Job job, Throwable failure) {
        try {
            boolean held;
            if (failure == null) {
                metrics.attempt(job.type(), "completed");
                held = jobs.complete(job, workerId);
            } else {
                String error = describe(failure);
                boolean outage = !(failure instanceof PermanentJobFailure) && Outages.isOutage(failure);
                metrics.attempt(job.type(), outage ? "postponed" : "failed");
                if (failure instanceof PermanentJobFailure) {
                    held = jobs.bury(job, workerId, error);
                    log.warn(
                            "Job {} ({}) failed permanently in attempt {} and is dead: {}",
                            job.id(),
                            job.type(),
                            job.attempt(),
                            error);
                } else if (outage) {
                    // The database or the object store did not answer: the job is not at fault, so the attempt is not
                    // counted, and a long outage cannot use up its attempts and leave it dead.
                    Duration delay = backoff.after(Math.max(job.attempt(), OUTAGE_BACKOFF_STEP));
                    held = jobs.retry(job, workerId, error, delay, true);
                    log.warn(
                            "Job {} ({}) attempt {} met an outage and runs again in {} ms, the attempt not counted: {}",
                            job.id(),
                            job.type(),
                            job.attempt(),
                            delay.toMillis(),
                            error);
                } else if (job.isLastAttempt()) {
                    held = jobs.bury(job, workerId, error);
                    log.warn(
                            "Job {} ({}) is dead after attempt {} of {}",
                            job.id(),
                            job.type(),
                            job.attempt(),
                            job.maxAttempts(),
                            failure);
                } else {
                    Duration delay = backoff.after(job.attempt());
                    held = jobs.retry(job, workerId, error, delay, false);
                    log.warn(
                            "Job {} ({}) attempt {} of {} failed, next attempt in {} ms: {}",
                            job.id(),
                            job.type(),
                            job.attempt(),
                            job.maxAttempts(),
                            delay.toMillis(),
                            error);
                }
            }
            if (!held) {
                log.warn(
                        "Job {} ({}) attempt {} ended after its lease was taken back; this outcome is not recorded",
                        job.id(),
                        job.type(),
                        job.attempt());
            }
        } catch (Throwable e) {
            // An Error here too must not end the worker's thread with the job's outcome unsaid in the log.
            log.warn(
                    "Cannot record the outcome of job {} ({}); it runs again once its lease expires: {}",
                    job.id(),
                    job.type(),
                    e.toString());
        }
    }

    /** The failure as kept in {@code last_error}: the exception and its causes, without stack traces. */
    static String describe(Throwable failure) {
        StringBuilder text = new StringBuilder();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < 4; depth++, current = current.getCause()) {
            if (depth > 0) {
                text.append(" <- ");
            }
            text.append(
                            current instanceof PermanentJobFailure
                                    ? ""
                                    : current.getClass().getName() + ": ")
                    .append(current.getMessage());
            if (current.getCause() == current) {
                break;
            }
        }
        return Jobs.truncate(text.toString());
    }
}
