package dev.camroll.jobs.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.camroll.jobs.JobSettings;
import dev.camroll.jobs.JobState;
import dev.camroll.runtime.LoopSupervisor;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * The queue's meters. Gauges {@code camroll.jobs{type, state}} (queued, running, dead) and
 * {@code camroll.jobs.oldest.due{type}} (seconds the oldest due queued job has waited) are read from the table every
 * {@code metrics-interval} with one GROUP BY, so every instance reports the same table-wide values (aggregate with
 * max, not sum). Counters {@code camroll.jobs.attempts{type, outcome}} count this instance's attempts: completed,
 * failed (retried or dead), expired (a lease this instance took back).
 */
class JobMetrics implements SmartLifecycle {

    static final String LOOP = "jobs-metrics";

    static final List<JobState> GAUGED = List.of(JobState.QUEUED, JobState.RUNNING, JobState.DEAD);

    private final Jobs jobs;

    private final MeterRegistry meters;

    private final JobSettings settings;

    private final LoopSupervisor loops;

    private final Map<Key, AtomicLong> counts = new ConcurrentHashMap<>();

    private final Map<String, AtomicLong> oldestDueMillis = new ConcurrentHashMap<>();

    private volatile @Nullable ScheduledExecutorService refresher;

    private LoopSupervisor.Watch watch;

    private record Key(String type, JobState state) {}

    JobMetrics(Jobs jobs, MeterRegistry meters, JobSettings settings, Set<String> handledTypes, LoopSupervisor loops) {
        this.jobs = jobs;
        this.meters = meters;
        this.settings = settings;
        this.loops = loops;
        handledTypes.forEach(this::gauges);
    }

    void attempt(String type, String outcome) {
        meters.counter("camroll.jobs.attempts", "type", type, "outcome", outcome)
                .increment();
    }

    /** Reads the gauges' values from the table; types without open jobs report zero. */
    void refresh() {
        Map<Key, Long> fresh = new HashMap<>();
        Map<String, Double> oldest = new HashMap<>();
        Set<String> types = new HashSet<>(oldestDueMillis.keySet());
        for (Jobs.OpenCount count : jobs.openCounts()) {
            types.add(count.type());
            fresh.put(new Key(count.type(), count.state()), count.jobs());
            if (count.state() == JobState.QUEUED) {
                oldest.put(count.type(), count.oldestDueSeconds());
            }
        }
        for (String type : types) {
            gauges(type);
            for (JobState state : GAUGED) {
                Key key = new Key(type, state);
                counts.get(key).set(fresh.getOrDefault(key, 0L));
            }
            oldestDueMillis.get(type).set(Math.round(oldest.getOrDefault(type, 0.0) * 1000));
        }
    }

    private void gauges(String type) {
        for (JobState state : GAUGED) {
            counts.computeIfAbsent(new Key(type, state), key -> {
                AtomicLong value = new AtomicLong();
                Gauge.builder("camroll.jobs", value, AtomicLong::get)
                        .description("Jobs in the queue table by type and state, as of the last refresh")
                        .tags("type", type, "state", Jobs.column(state))
                        .register(meters);
                return value;
            });
        }
        oldestDueMillis.computeIfAbsent(type, key -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("camroll.jobs.oldest.due", value, millis -> millis.get() / 1000.0)
                    .description("How long the oldest due queued job of the type has waited for a worker")
                    .baseUnit("seconds")
                    .tags("type", type)
                    .register(meters);
            return value;
        });
    }

    /** A periodic task that throws is never run again, so every refresh runs under the supervisor. */
    @Override
    public void start() {
        refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "camroll-jobs-metrics");
            thread.setDaemon(true);
            return thread;
        });
        long interval = settings.metricsInterval().toMillis();
        ScheduledFuture<?> refreshing = refresher.scheduleWithFixedDelay(
                () -> loops.iterate(LOOP, this::refresh), 0, Math.max(1, interval), TimeUnit.MILLISECONDS);
        watch = loops.watch(LOOP, () -> !refreshing.isDone());
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = refresher;
        refresher = null;
        if (running != null) {
            watch.close();
            running.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return refresher != null;
    }
}
