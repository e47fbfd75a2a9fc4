package dev.camroll.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The faults of the second phase, on a schedule printed before it starts: one instance's clock pushed ahead, a
 * random instance SIGKILLed every {@code killEvery} (and started again at once, as a supervisor would), one
 * PostgreSQL restart with a fast shutdown, and the object store refusing connections for a while. An instance that
 * exits by itself (it could not start while the database was down) is started again too.
 */
final class Faults implements Runnable {

    static final Duration POSTGRES_RESTART_AT = Duration.ofSeconds(75);

    static final Duration S3_OUTAGE_AT = Duration.ofSeconds(130);

    private final List<Instance> instances;

    private final DebianPostgres postgres;

    private final ObjectStoreServer store;

    private final RigSettings settings;

    private final Random random;

    private final List<String> events = new CopyOnWriteArrayList<>();

    private volatile boolean loadDone;

    private volatile long started;

    Faults(List<Instance> instances, DebianPostgres postgres, ObjectStoreServer store, RigSettings settings) {
        this.instances = instances;
        this.postgres = postgres;
        this.store = store;
        this.settings = settings;
        this.random = new Random(settings.seed());
    }

    /** The schedule, as printed before the phase. */
    String schedule() {
        List<String> lines = new ArrayList<>();
        if (!settings.clockSkew().isZero()) {
            lines.add("t+0s: " + skewed().name() + " restarted with its clock "
                    + settings.clockSkew().toSeconds() + " s ahead (libfaketime), for the rest of the run");
        }
        lines.add("every " + settings.killEvery().toSeconds() + " s from t+"
                + settings.killEvery().toSeconds() + "s: kill -9 of a random ready instance, started again at once");
        lines.add("t+" + POSTGRES_RESTART_AT.toSeconds() + "s: PostgreSQL restart (pg_ctlcluster restart -m fast)");
        lines.add("t+" + S3_OUTAGE_AT.toSeconds() + "s to t+"
                + S3_OUTAGE_AT.plus(settings.s3Outage()).toSeconds() + "s: the object store refuses every connection");
        lines.add("until the phones are done, at least to t+" + minimumSeconds() + "s");
        return String.join("\n", lines);
    }

    void loadDone() {
        loadDone = true;
    }

    List<String> events() {
        return List.copyOf(events);
    }

    private Instance skewed() {
        return instances.get(instances.size() - 1);
    }

    private long minimumSeconds() {
        return S3_OUTAGE_AT.plus(settings.s3Outage()).toSeconds() + 10;
    }

    @Override
    public void run() {
        started = System.nanoTime();
        try {
            if (!settings.clockSkew().isZero()) {
                Instance instance = skewed();
                instance.kill();
                instance.start(settings.clockSkew());
                event(
                        "%s killed and started with its clock %d s ahead",
                        instance.name(), settings.clockSkew().toSeconds());
            }
            long nextKill = settings.killEvery().toMillis();
            boolean postgresRestarted = false;
            boolean storeDown = false;
            boolean storeBack = false;
            boolean[] waitingForReady = new boolean[instances.size()];
            long[] startedAt = new long[instances.size()];
            while (!(loadDone && elapsedMillis() >= minimumSeconds() * 1000)) {
                long now = elapsedMillis();
                if (now >= nextKill) {
                    List<Instance> ready =
                            instances.stream().filter(Instance::ready).toList();
                    if (ready.isEmpty()) {
                        event("no instance ready to kill");
                    } else {
                        Instance victim = ready.get(random.nextInt(ready.size()));
                        victim.kill();
                        victim.start(victim.skew());
                        int slot = instances.indexOf(victim);
                        waitingForReady[slot] = true;
                        startedAt[slot] = now;
                        event("kill -9 %s; started again", victim.name());
                    }
                    nextKill += settings.killEvery().toMillis();
                }
                if (!postgresRestarted && now >= POSTGRES_RESTART_AT.toMillis()) {
                    postgresRestarted = true;
                    long before = System.nanoTime();
                    postgres.restartFast();
                    event("PostgreSQL restarted (fast shutdown), took %.1f s", (System.nanoTime() - before) / 1e9);
                }
                if (!storeDown && now >= S3_OUTAGE_AT.toMillis()) {
                    storeDown = true;
                    store.refuse();
                    event("object store refuses connections");
                }
                if (storeDown
                        && !storeBack
                        && now >= S3_OUTAGE_AT.plus(settings.s3Outage()).toMillis()) {
                    storeBack = true;
                    store.accept();
                    event("object store accepts connections again");
                }
                for (int slot = 0; slot < instances.size(); slot++) {
                    Instance instance = instances.get(slot);
                    if (!instance.alive()) {
                        instance.start(instance.skew());
                        waitingForReady[slot] = true;
                        startedAt[slot] = now;
                        event("%s had exited by itself; started again", instance.name());
                    } else if (waitingForReady[slot] && instance.ready()) {
                        waitingForReady[slot] = false;
                        event(
                                "%s ready, %.1f s after its start",
                                instance.name(), (elapsedMillis() - startedAt[slot]) / 1000.0);
                    }
                }
                Thread.sleep(250);
            }
            if (!storeBack) {
                store.accept();
            }
            event("faults end");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            event("the fault schedule failed: %s", e);
            throw new IllegalStateException(e);
        }
    }

    private long elapsedMillis() {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private void event(String format, Object... args) {
        String line = String.format(Locale.ROOT, "t+%5.1fs  ", elapsedMillis() / 1000.0)
                + String.format(Locale.ROOT, format, args);
        events.add(line);
        ClusterRig.progress("fault: %s", line);
    }
}
