package dev.camroll.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.camroll.client.CamrollClient;
import dev.camroll.client.CamrollException;
import dev.camroll.client.ProblemException;
import dev.camroll.client.Sync;
import dev.camroll.client.TransportException;
import dev.camroll.client.Uploads;

/**
 * One {@code camroll sync}: what a phone's background sync does, for a folder. Hash every file (in parallel, cached
 * between runs), register the device, read the policy, announce the files in manifests within its limits, and upload
 * what the service asks for, a few at a time, each resuming where the service stands. Stopping at any point (Ctrl-C,
 * a kill, a dropped connection) loses nothing: the next run announces the same files, the service answers with the
 * same uploads, and only the bytes it does not have are sent.
 */
final class SyncRun {

    private static final int ATTEMPTS = 4;

    private static final int BUSY_WAITS = 30;

    private final CamrollClient client;

    private final Hashing hashing;

    private final PrintStream log;

    private final boolean terminal;

    private final int uploads;

    private final int hashThreads;

    private final AtomicBoolean cancelled;

    private final List<Summary.Entry> rejected = Collections.synchronizedList(new ArrayList<>());

    private final List<Summary.Entry> failed = Collections.synchronizedList(new ArrayList<>());

    private final AtomicInteger uploaded = new AtomicInteger();

    private final AtomicInteger duplicates = new AtomicInteger();

    private final AtomicLong bytesUploaded = new AtomicLong();

    /**
     * The uploads allowed to stream at once: {@code --uploads}, lowered by one each time the service answers 429
     * too-many-uploads (its per-user limit is lower), so the run settles at what the service accepts.
     */
    private final Slots slots;

    /** The first refusal that ends the whole run (401, consent withdrawn), rethrown at the end. */
    private final AtomicReference<CamrollException> fatal = new AtomicReference<>();

    SyncRun(
            CamrollClient client,
            Hashing hashing,
            PrintStream log,
            boolean terminal,
            int uploads,
            int hashThreads,
            AtomicBoolean cancelled) {
        this.client = client;
        this.hashing = hashing;
        this.log = log;
        this.terminal = terminal;
        this.uploads = uploads;
        this.hashThreads = hashThreads;
        this.cancelled = cancelled;
        this.slots = new Slots(uploads);
    }

    /** A file announced, with its content's hash. */
    private record Hashed(CameraRoll.Item item, String sha256) {}

    /** A file the service asked for. */
    private record Pending(CameraRoll.Item item, String url) {}

    Summary run(Path folder, String deviceId) throws InterruptedException {
        long started = System.nanoTime();
        CameraRoll.Scan scan = CameraRoll.scan(folder);
        List<Hashed> distinct = hash(scan);
        if (!cancelled.get()) {
            String os = System.getProperty("os.name") + " " + System.getProperty("os.version");
            client.devices().register(deviceId, "other", Camroll.VERSION, cut(hostName(), 128), cut(os, 64), "full");
            Sync.Policy policy = policy(deviceId);
            List<Pending> pending = announce(deviceId, distinct, policy);
            upload(pending);
        }
        if (fatal.get() != null) {
            throw fatal.get();
        }
        return new Summary(
                scan.items().size(),
                uploaded.get(),
                duplicates.get(),
                List.copyOf(rejected),
                List.copyOf(failed),
                scan.ignored(),
                bytesUploaded.get(),
                (System.nanoTime() - started) / 1e9,
                cancelled.get());
    }

    /** Hashes every file; files with the same content as an earlier one count as duplicates and are not announced. */
    private List<Hashed> hash(CameraRoll.Scan scan) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(hashThreads, daemon("camroll-hash"));
        List<Future<String>> hashes = new ArrayList<>();
        try (ProgressReport progress =
                new ProgressReport(log, terminal, "hashing", scan.items().size(), scan.bytes())) {
            for (CameraRoll.Item item : scan.items()) {
                hashes.add(pool.submit(() -> {
                    if (cancelled.get()) {
                        return null;
                    }
                    String sha256 = hashing.sha256(item);
                    progress.fileDone();
                    progress.bytes(item.size());
                    return sha256;
                }));
            }
            Map<String, Hashed> bySha = new LinkedHashMap<>();
            for (int i = 0; i < hashes.size(); i++) {
                CameraRoll.Item item = scan.items().get(i);
                try {
                    String sha256 = hashes.get(i).get();
                    if (sha256 == null) {
                        continue;
                    }
                    if (bySha.putIfAbsent(sha256, new Hashed(item, sha256)) != null) {
                        duplicates.incrementAndGet();
                    }
                } catch (ExecutionException e) {
                    failed.add(new Summary.Entry(
                            item.assetId(), "unreadable: " + e.getCause().getMessage()));
                }
            }
            return new ArrayList<>(bySha.values());
        } finally {
            pool.shutdownNow();
            hashing.save();
        }
    }

    /** The policy; while the service is busy, waits as long as it asks (and says so). */
    private Sync.Policy policy(String deviceId) throws InterruptedException {
        while (true) {
            Sync.Policy policy = client.sync().policy(deviceId);
            if (policy.syncAllowed() || !"server-busy".equals(policy.reason())) {
                if (!policy.syncAllowed()) {
                    throw new SyncRefused(policy.reason());
                }
                return policy;
            }
            long wait = policy.retryAfterSeconds() == null ? 60 : Math.max(1, policy.retryAfterSeconds());
            log.println("the service is busy; trying again in " + wait + " s");
            sleep(wait * 1000);
        }
    }

    /** Announces the files in manifests within the policy's limits; returns the uploads the service asked for. */
    private List<Pending> announce(String deviceId, List<Hashed> files, Sync.Policy policy)
            throws InterruptedException {
        List<Pending> pending = new ArrayList<>();
        List<Hashed> batch = new ArrayList<>();
        long batchBytes = 0;
        for (Hashed file : files) {
            long counted =
                    file.item().size() > policy.maxFileBytes() ? 0 : file.item().size();
            if (!batch.isEmpty()
                    && (batch.size() >= policy.maxItemsPerBatch()
                            || batchBytes + counted > policy.maxBytesPerBatch())) {
                pending.addAll(send(deviceId, batch));
                batch = new ArrayList<>();
                batchBytes = 0;
            }
            batch.add(file);
            batchBytes += counted;
        }
        if (!batch.isEmpty()) {
            pending.addAll(send(deviceId, batch));
        }
        return pending;
    }

    private List<Pending> send(String deviceId, List<Hashed> batch) throws InterruptedException {
        if (cancelled.get()) {
            return List.of();
        }
        Map<String, Hashed> byAsset = new LinkedHashMap<>();
        List<Sync.ManifestItem> lines = new ArrayList<>();
        for (Hashed file : batch) {
            byAsset.put(file.item().assetId(), file);
            lines.add(new Sync.ManifestItem(
                    file.item().assetId(),
                    file.sha256(),
                    file.item().size(),
                    file.item().mimeType(),
                    null,
                    file.item().kind(),
                    null));
        }
        // One key for every attempt of this manifest: a retry after a lost answer gets the same batch back.
        String key = UUID.randomUUID().toString();
        Sync.Batch answer;
        try {
            answer = retrying("the manifest", () -> client.sync().sendManifest(deviceId, lines, key));
        } catch (ProblemException e) {
            if (endsTheRun(e)) {
                throw e;
            }
            // A manifest the service refuses as a whole (say, one file larger than a whole batch may be) fails its
            // files, not the run: the other batches still go.
            String reason = e.status() + " " + e.slug()
                    + (e.problem().detail() == null ? "" : ": " + e.problem().detail());
            batch.forEach(file -> failed.add(new Summary.Entry(file.item().assetId(), reason)));
            return List.of();
        }
        List<Pending> pending = new ArrayList<>();
        for (Sync.Decision line : answer.items()) {
            Hashed file = byAsset.get(line.clientAssetId());
            switch (line.disposition()) {
                case "duplicate" -> duplicates.incrementAndGet();
                case "rejected" -> rejected.add(new Summary.Entry(file.item().assetId(), slug(line)));
                default -> pending.add(new Pending(file.item(), line.upload().url()));
            }
        }
        return pending;
    }

    private static String slug(Sync.Decision line) {
        return line.problem() == null || line.problem().type() == null
                ? "rejected"
                : line.problem().slug();
    }

    /** Uploads, {@code uploads} at a time. */
    private void upload(List<Pending> pending) throws InterruptedException {
        if (pending.isEmpty() || cancelled.get()) {
            return;
        }
        long total = pending.stream().mapToLong(p -> p.item().size()).sum();
        ExecutorService pool = Executors.newFixedThreadPool(uploads, daemon("camroll-upload"));
        try (ProgressReport progress = new ProgressReport(log, terminal, "uploading", pending.size(), total)) {
            List<Future<?>> running = new ArrayList<>();
            for (Pending file : pending) {
                running.add(pool.submit(() -> uploadOne(file, progress)));
            }
            for (Future<?> future : running) {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One file's upload, resumed after a dropped connection (at most {@value #ATTEMPTS} attempts) and after the
     * service's "busy" answers (429 or 503: as long as their Retry-After says, at most {@value #BUSY_WAITS} times).
     * The bytes counted as sent are those the service acknowledged: its offset when the file is done, or at the start
     * of the last attempt.
     */
    private void uploadOne(Pending file, ProgressReport progress) {
        long[] offset = {-1};
        long[] first = {-1};
        long[] acknowledged = {-1};
        int failures = 0;
        int waits = 0;
        while (!cancelled.get() && fatal.get() == null) {
            boolean[] started = {false};
            try {
                slots.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Uploads.Result result = client.uploads()
                        .upload(
                                file.url(),
                                file.item().path(),
                                (now, size, sent) -> {
                                    if (!started[0]) {
                                        // The first call of an attempt is the service's offset, after its HEAD.
                                        started[0] = true;
                                        acknowledged[0] = now;
                                        if (first[0] < 0) {
                                            first[0] = now;
                                        }
                                    }
                                    progress.bytes(offset[0] < 0 ? now : now - offset[0]);
                                    offset[0] = now;
                                },
                                cancelled);
                acknowledged[0] = result.size();
                uploaded.incrementAndGet();
                progress.fileDone();
                break;
            } catch (Uploads.UploadCancelled stopped) {
                break;
            } catch (TransportException e) {
                if (++failures >= ATTEMPTS) {
                    failed.add(new Summary.Entry(file.item().assetId(), "connection failed: " + e.getMessage()));
                    break;
                }
                sleepQuietly(1000L << failures);
            } catch (ProblemException.Unavailable busy) {
                // On an upload, 429 is too-many-uploads (its body may be unreadable after Expect: 100-continue).
                if (busy.status() == 429 && slots.lower()) {
                    continue; // with one upload fewer at once: this one goes when another has ended
                }
                if (++waits > BUSY_WAITS) {
                    failed.add(new Summary.Entry(file.item().assetId(), reason(busy)));
                    break;
                }
                sleepQuietly(
                        busy.retryAfterSeconds() > 0 ? busy.retryAfterSeconds() * 1000 : 1000L << Math.min(waits, 5));
            } catch (ProblemException e) {
                if (e.status() == 409
                        && (e.slug().equals("upload-busy") || e.slug().equals("offset-mismatch"))
                        && ++waits <= BUSY_WAITS) {
                    // Another request still holds the upload (one cut off, or one on an instance that died, until its
                    // writer lease runs out): wait, then resume from where the service stands.
                    String retryAfter = e.problem().member("retryAfterSeconds");
                    sleepQuietly(
                            retryAfter == null
                                    ? 1000
                                    : Math.min(30_000, (long) (Double.parseDouble(retryAfter) * 1000)));
                    continue;
                }
                if (endsTheRun(e)) {
                    fatal.compareAndSet(null, e);
                    cancelled.set(true);
                } else if (e.status() == 422 || e.status() == 415) {
                    rejected.add(new Summary.Entry(file.item().assetId(), reason(e)));
                } else {
                    failed.add(new Summary.Entry(file.item().assetId(), reason(e)));
                }
                break;
            } catch (RuntimeException e) {
                failed.add(new Summary.Entry(file.item().assetId(), String.valueOf(e.getMessage())));
                break;
            } finally {
                slots.release();
            }
        }
        if (first[0] >= 0) {
            bytesUploaded.addAndGet(acknowledged[0] - first[0]);
        }
    }

    /** A refusal no other file would escape: the token is refused, or the consent the sync needs is gone. */
    private static boolean endsTheRun(ProblemException e) {
        return e instanceof ProblemException.Unauthorized
                || (e instanceof ProblemException.Forbidden forbidden && forbidden.consentRequired());
    }

    /** A refusal as the summary shows it: the problem's slug, or the status and its reason when it sent none. */
    private static String reason(ProblemException e) {
        String type = e.problem().type();
        if (type != null && type.contains("/problems/")) {
            return e.status() == 422 || e.status() == 415 ? e.slug() : e.status() + " " + e.slug();
        }
        return e.status() + " "
                + (e.problem().title() == null ? "" : e.problem().title());
    }

    /** A manifest, sent again (same idempotency key) when the connection fails or the service is busy. */
    private <T> T retrying(String what, java.util.function.Supplier<T> call) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (TransportException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                sleep(1000L << attempt);
            } catch (ProblemException.Unavailable e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                long wait = e.retryAfterSeconds() > 0 ? e.retryAfterSeconds() * 1000 : 1000L << attempt;
                log.println(what + ": the service is busy; trying again in " + wait / 1000 + " s");
                sleep(wait);
            }
        }
    }

    private void sleep(long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (!cancelled.get() && System.currentTimeMillis() < deadline) {
            Thread.sleep(Math.min(200, Math.max(1, deadline - System.currentTimeMillis())));
        }
    }

    private void sleepQuietly(long millis) {
        try {
            sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancelled.set(true);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static String cut(String text, int length) {
        return text.length() <= length ? text : text.substring(0, length);
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** A semaphore whose permits can be given up for good, one at a time, down to one. */
    private static final class Slots extends java.util.concurrent.Semaphore {

        private final AtomicInteger limit;

        Slots(int permits) {
            super(permits);
            this.limit = new AtomicInteger(permits);
        }

        /** One upload fewer at once from now on; false when only one is left. */
        boolean lower() {
            int now = limit.get();
            if (now <= 1 || !limit.compareAndSet(now, now - 1)) {
                return now > 1;
            }
            reducePermits(1);
            return true;
        }
    }

    /** The policy says no sync now, for a reason other than a busy service. */
    static final class SyncRefused extends RuntimeException {

        private final String reason;

        SyncRefused(String reason) {
            super("the service does not accept uploads now: " + reason);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
