package dev.camroll.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.camroll.client.CamrollClient;
import dev.camroll.client.Consent;
import dev.camroll.client.LogKeys;
import dev.camroll.testing.CameraRolls;

/**
 * The cluster rig (docs/operations.md, "Running a cluster"): Debian's PostgreSQL with the production roles, S3Proxy
 * behind a fault-injecting proxy, three instances of the packaged service with the production configuration, and
 * HAProxy in front. Simulated phones built on the client library sync generated camera rolls through the balancer,
 * first without faults, then while instances are killed, the database restarts, the store fails and a clock runs
 * ahead; other users meanwhile change consent, read suggestions and export, and some withdraw mid-sync. At the end
 * {@link Verdicts} checks from the database, the bucket and the clients that nothing was lost, doubled or left
 * behind, and the run prints a table. Answers the exit status: 0 for a clean verdict.
 */
public final class ClusterRig {

    private static final Duration PATIENCE = Duration.ofMinutes(8);

    private final RigSettings settings;

    private final Path runDir;

    private final Latencies latencies = new Latencies();

    private final Calls calls = new Calls(latencies, PATIENCE);

    private final List<PhaseResult> phases = new ArrayList<>();

    private DebianPostgres postgres;

    private ObjectStoreServer store;

    private final List<Instance> instances = new ArrayList<>();

    private Balancer balancer;

    private Faults faults;

    private volatile long peakResidentKib;

    private volatile long peakConnections;

    private ClusterRig(RigSettings settings, Path runDir) {
        this.settings = settings;
        this.runDir = runDir;
    }

    /** Runs the rig with the settings of the environment; {@code jar} is the packaged service. */
    public static int run(Path jar, Path buildDir) throws Exception {
        RigSettings settings = RigSettings.fromEnvironment(
                buildDir.toAbsolutePath().normalize().resolve("cluster-rig"));
        Path runDir = settings.workDir().resolve("last-run");
        deleteTree(runDir);
        Files.createDirectories(runDir);
        ClusterRig rig = new ClusterRig(settings, runDir);
        try {
            return rig.runIn(jar);
        } finally {
            rig.tearDown();
        }
    }

    private int runIn(Path jar) throws Exception {
        long runStart = System.nanoTime();
        progress(
                "cluster rig: %d users x 2 phones, %d manifest lines, %d withdraw mid-sync; work in %s",
                settings.users(), settings.linesPerPhone() * 2 * settings.users(), settings.withdrawers(), runDir);
        List<User> users = users(rolls());
        postgres = DebianPostgres.create(settings.postgresPort());
        progress(
                "PostgreSQL %s (Debian) on port %d, roles %s and %s",
                postgres.version(), settings.postgresPort(), DebianPostgres.OWNER, DebianPostgres.SERVICE);
        store = ObjectStoreServer.start(
                runDir.resolve("s3"), settings.s3ProxyPort(), settings.s3Port(), runDir.resolve("s3proxy.log"));
        Verdicts.createBucket(store);
        progress("S3Proxy on port %d, behind the fault proxy on port %d", settings.s3ProxyPort(), settings.s3Port());
        Issuer issuer = Issuer.create(runDir);
        Map<String, String> environment = environment(issuer, Issuer.receiptSigningKey());
        List<String> launch = classDataSharing(jar, environment);
        for (int slot = 0; slot < RigSettings.INSTANCES; slot++) {
            String name = "camroll-" + (char) ('a' + slot);
            Path dataDir = runDir.resolve(name);
            Files.createDirectories(dataDir);
            Map<String, String> own = new LinkedHashMap<>(environment);
            own.put("CAMROLL_DATA_DIR", dataDir.toString());
            instances.add(new Instance(
                    name,
                    settings.instancePort(slot),
                    launch,
                    settings.instanceHeap(),
                    own,
                    runDir.resolve(name + ".log")));
        }
        // The first start migrates; the others follow once the schema exists (they would wait on Flyway's lock anyway).
        instances.get(0).start(Duration.ZERO);
        instances.get(0).awaitReady(Duration.ofMinutes(3));
        for (Instance instance : instances.subList(1, instances.size())) {
            instance.start(Duration.ZERO);
        }
        for (Instance instance : instances) {
            instance.awaitReady(Duration.ofMinutes(3));
            progress("%s ready on port %d after %.1f s", instance.name(), instance.port(), instance.lastStartSeconds());
        }
        balancer = Balancer.start(settings.basePort(), settings.haproxyStatsPort(), instances, runDir);
        awaitBalancer();
        progress(
                "HAProxy on port %d (stats on %d), round robin over %d instances",
                settings.basePort(), settings.haproxyStatsPort(), instances.size());
        for (User user : users) {
            user.client = client(issuer, user.subject);
        }

        Thread sampler = new Thread(this::sampleResources, "resources");
        sampler.setDaemon(true);
        sampler.start();
        List<User> calm = users.subList(0, settings.calmUsers());
        List<User> stormy = users.subList(settings.calmUsers(), users.size());
        phases.add(phase("calm", calm, null));
        faults = new Faults(instances, postgres, store, settings);
        progress("fault schedule:%n%s", faults.schedule().indent(4).stripTrailing());
        phases.add(phase("faults", stormy, faults));

        // Back to a healthy cluster: every instance up, the store reachable; then let the queue and the purges finish.
        for (Instance instance : instances) {
            if (!instance.alive()) {
                instance.start(instance.skew());
            }
        }
        for (Instance instance : instances) {
            instance.awaitReady(Duration.ofMinutes(3));
        }
        Verdicts verdicts = new Verdicts(postgres, store, users);
        Duration settled = verdicts.awaitQuiet(Duration.ofMinutes(3));
        progress("settled %.0f s after the load", settled.toMillis() / 1000.0);
        boolean clean = verdicts.check();
        String report = report(verdicts, (System.nanoTime() - runStart) / 1e9);
        Files.writeString(runDir.resolve("report.md"), report);
        System.out.println();
        System.out.println(report);
        progress("verdict: %s; report in %s", clean ? "CLEAN" : "FAILED", runDir.resolve("report.md"));
        return clean ? 0 : 1;
    }

    /**
     * The launch of an instance as docs/operations.md ("Start-up time") advises: the extracted jar with a class-data
     * archive, made by a training run against this cluster's database and store (which also migrates the schema) and
     * kept for the next run of the same jar and JDK. Restarts under load take about half as long with it.
     */
    private List<String> classDataSharing(Path jar, Map<String, String> environment) throws Exception {
        String version = Files.size(jar) + "-" + Files.getLastModifiedTime(jar).toMillis() + "-"
                + System.getProperty("java.version");
        Path dir = settings.workDir().resolve("app");
        Path archive = dir.resolve("camroll.jsa");
        Path stamp = dir.resolve("made-from");
        Path extracted = dir.resolve(jar.getFileName());
        if (!Files.exists(stamp) || !Files.readString(stamp).equals(version) || !Files.exists(archive)) {
            long start = System.nanoTime();
            deleteTree(dir);
            Commands.run(List.of(
                    java(), "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", dir.toString()));
            Path training = runDir.resolve("training");
            Files.createDirectories(training);
            ProcessBuilder builder = new ProcessBuilder(
                            java(),
                            "-XX:ArchiveClassesAtExit=" + archive,
                            "-Dspring.context.exit=onRefresh",
                            "-jar",
                            extracted.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(runDir.resolve("training.log").toFile());
            builder.environment().putAll(environment);
            builder.environment().put("CAMROLL_DATA_DIR", training.toString());
            builder.environment().put("SERVER_PORT", "0");
            Process process = builder.start();
            if (!process.waitFor(5, TimeUnit.MINUTES) || !Files.exists(archive)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "the training run made no class-data archive; see " + runDir.resolve("training.log"));
            }
            Files.writeString(stamp, version);
            progress("class-data archive made for the instances in %.1f s", (System.nanoTime() - start) / 1e9);
        }
        return List.of("-XX:SharedArchiveFile=" + archive, "-jar", extracted.toString());
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Every 2 s: the largest resident memory of any instance, and the database connections in use at most. */
    private void sampleResources() {
        while (true) {
            for (Instance instance : instances) {
                peakResidentKib = Math.max(peakResidentKib, instance.residentKib());
            }
            try {
                peakConnections = Math.max(
                        peakConnections,
                        count(
                                postgres,
                                "SELECT count(*) FROM pg_stat_activity WHERE usename IN (?, ?)",
                                DebianPostgres.SERVICE,
                                DebianPostgres.OWNER));
            } catch (SQLException e) {
                // restarting
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private List<CameraRolls.Roll> rolls() throws Exception {
        int perUser = settings.linesPerPhone() * 2
                - settings.linesPerPhone() * 2 / 5; // a fifth of the lines are on both phones
        CameraRolls.Recipe recipe = new CameraRolls.Recipe(perUser - 2, 0, 0, 1, 0, 1, 0, false);
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<CameraRolls.Roll>> made = new ArrayList<>();
        for (int i = 0; i < settings.users(); i++) {
            int user = i;
            made.add(pool.submit(() -> CameraRolls.write(
                    runDir.resolve("rolls").resolve("user-" + user), recipe, settings.seed() * 1000 + user)));
        }
        List<CameraRolls.Roll> rolls = new ArrayList<>();
        for (Future<CameraRolls.Roll> roll : made) {
            rolls.add(roll.get());
        }
        pool.shutdown();
        progress(
                "made %d camera rolls of %d media each (JPEG with EXIF, a HEIC, a MOV) in %.1f s",
                rolls.size(), perUser, (System.nanoTime() - start) / 1e9);
        return rolls;
    }

    private List<User> users(List<CameraRolls.Roll> rolls) {
        List<User> users = new ArrayList<>();
        int stormy = settings.users() - settings.calmUsers();
        int every = Math.max(1, stormy / Math.max(1, settings.withdrawers()));
        for (int i = 0; i < rolls.size(); i++) {
            CameraRolls.Roll roll = rolls.get(i);
            List<CameraRolls.RollFile> media = roll.distinct();
            int perPhone = settings.linesPerPhone();
            List<List<CameraRolls.RollFile>> phones =
                    List.of(media.subList(0, perPhone), media.subList(media.size() - perPhone, media.size()));
            int inStorm = i - settings.calmUsers();
            boolean withdraws =
                    inStorm >= 0 && inStorm % every == every / 2 && inStorm / every < settings.withdrawers();
            users.add(new User(String.format(Locale.ROOT, "rig-user-%02d", i + 1), roll, phones, withdraws));
        }
        return users;
    }

    private CamrollClient client(Issuer issuer, String subject) {
        String token = issuer.token(subject, List.of());
        return CamrollClient.builder("http://127.0.0.1:" + settings.basePort())
                .token(token)
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(Duration.ofSeconds(60))
                .userAgent("camroll-cluster-rig")
                .build();
    }

    /** One checkpoint key for every instance, as for receipts. */
    private static final String LOG_KEY =
            LogKeys.generate("127.0.0.1:18080/v1/consent/log").privateKey();

    private Map<String, String> environment(Issuer issuer, String receiptKey) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("SPRING_DATASOURCE_URL", postgres.jdbcUrl());
        env.put("SPRING_DATASOURCE_USERNAME", DebianPostgres.SERVICE);
        env.put("SPRING_DATASOURCE_PASSWORD", DebianPostgres.PASSWORD);
        env.put("SPRING_FLYWAY_USER", DebianPostgres.OWNER);
        env.put("SPRING_FLYWAY_PASSWORD", DebianPostgres.PASSWORD);
        env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_ISSUER_URI", Issuer.ISSUER);
        env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION", "file:" + issuer.publicKeyFile());
        env.put("SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES", Issuer.AUDIENCE);
        env.put("CAMROLL_CONSENT_RECEIPT_SIGNING_KEY", receiptKey);
        env.put("CAMROLL_TRANSPARENCY_SIGNING_KEY", LOG_KEY);
        env.put("CAMROLL_STORAGE_TYPE", "s3");
        env.put("CAMROLL_STORAGE_S3_ENDPOINT", store.proxiedEndpoint().toString());
        env.put("CAMROLL_STORAGE_S3_BUCKET", ObjectStoreServer.BUCKET);
        env.put("CAMROLL_STORAGE_S3_REGION", "us-east-1");
        env.put("CAMROLL_STORAGE_S3_PATH_STYLE_ACCESS", "true");
        env.put("AWS_ACCESS_KEY_ID", ObjectStoreServer.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", ObjectStoreServer.SECRET_KEY);
        env.put("SERVER_FORWARD_HEADERS_STRATEGY", "native");
        return env;
    }

    private void awaitBalancer() throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest health = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + settings.basePort() + "/actuator/health"))
                .timeout(Duration.ofSeconds(3))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the balancer did not answer /actuator/health within 30 s");
    }

    /**
     * One phase: the users give consent and their phones sync (users starting a little apart), while two other
     * threads use the app as people do (consent toggles, suggestions, exports, the media list) and the withdrawing
     * users withdraw once a third of their lines are stored. With {@code faults}, they run meanwhile.
     */
    private PhaseResult phase(String name, List<User> users, Faults faults) throws Exception {
        latencies.phase(name);
        progress("phase '%s': %d users start syncing%s", name, users.size(), faults == null ? "" : ", faults on");
        long start = System.nanoTime();
        AtomicLong uploaded = new AtomicLong();
        Thread faultThread = null;
        if (faults != null) {
            faultThread = new Thread(faults, "faults");
            faultThread.start();
        }
        ExecutorService people = Executors.newCachedThreadPool();
        List<Future<?>> syncs = new ArrayList<>();
        long stagger = faults == null ? 300 : 1500;
        for (int i = 0; i < users.size(); i++) {
            User user = users.get(i);
            long delay = i * stagger;
            syncs.add(people.submit(() -> {
                Thread.sleep(delay);
                syncUser(user, uploaded);
                return null;
            }));
        }
        AtomicBoolean done = new AtomicBoolean();
        List<Future<?>> others = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Random random = new Random(settings.seed() * 31 + i + name.hashCode());
            others.add(people.submit(() -> {
                useTheApp(users, random, done);
                return null;
            }));
        }
        long progressAt = System.nanoTime();
        for (Future<?> sync : syncs) {
            while (true) {
                try {
                    sync.get(5, TimeUnit.SECONDS);
                    break;
                } catch (TimeoutException stillRunning) {
                    if (System.nanoTime() - progressAt > TimeUnit.SECONDS.toNanos(15)) {
                        progressAt = System.nanoTime();
                        progress("phase '%s': %d uploads acknowledged", name, uploaded.get());
                    }
                }
            }
        }
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        done.set(true);
        for (Future<?> other : others) {
            other.get();
        }
        people.shutdown();
        if (faults != null) {
            faults.loadDone();
            faultThread.join();
        }
        progress(
                "phase '%s': phones done after %.1f s, %d uploads; waiting for the analyses",
                name, loadSeconds, uploaded.get());
        long processed = Verdicts.awaitProcessed(postgres, users, Duration.ofMinutes(3));
        double processedSeconds = (System.nanoTime() - start) / 1e9;
        return new PhaseResult(name, users.size(), loadSeconds, uploaded.get(), processed, processedSeconds);
    }

    private void syncUser(User user, AtomicLong uploaded) throws InterruptedException {
        try {
            List<Consent.Purpose> purposes = calls.call(
                    "GET /v1/consent/purposes", () -> user.client.consent().purposes("en"));
            String notice = purposes.stream()
                    .filter(purpose -> purpose.purpose().equals("cloud_processing"))
                    .findFirst()
                    .orElseThrow()
                    .noticeVersion();
            calls.call("PUT /v1/consent/{purpose}", () -> user.client.consent().give("cloud_processing", notice, "en"));
        } catch (RuntimeException e) {
            user.problems.put("consent", "could not give cloud_processing: " + e);
            return;
        }
        List<Thread> phones = new ArrayList<>();
        for (int i = 0; i < user.phones.size(); i++) {
            Thread phone = new Thread(new Phone(user, i, calls, uploaded), user.subject + "-phone-" + (i + 1));
            phone.start();
            phones.add(phone);
        }
        if (user.withdraws) {
            int third = user.lines() / 3;
            while (user.acknowledged.size() < third && phones.stream().anyMatch(Thread::isAlive)) {
                Thread.sleep(100);
            }
            user.withdrawn = true;
            try {
                calls.call(
                        "PUT /v1/consent/{purpose}", () -> user.client.consent().withdraw("cloud_processing"));
                progress(
                        "%s withdrew cloud_processing after %d of %d contents were stored",
                        user.subject, user.acknowledged.size(), user.announced().size());
            } catch (RuntimeException e) {
                user.problems.put("withdrawal", e.toString());
            }
        }
        for (Thread phone : phones) {
            phone.join();
        }
    }

    /** What people do in the app besides syncing: read suggestions and media, export, change a purpose. */
    private void useTheApp(List<User> users, Random random, AtomicBoolean done) throws InterruptedException {
        while (!done.get()) {
            User user = users.get(random.nextInt(users.size()));
            if (user.withdraws || user.acknowledged.isEmpty()) {
                Thread.sleep(100);
                continue;
            }
            try {
                switch (random.nextInt(5)) {
                    case 0 ->
                        calls.call(
                                "GET /v1/suggestions",
                                () -> user.client.suggestions().list(null, 50, null, null));
                    case 1 ->
                        calls.call(
                                "GET /v1/suggestions/changes",
                                () -> user.client.suggestions().changes(null));
                    case 2 ->
                        calls.call(
                                "GET /v1/me/export", () -> user.client.account().export());
                    case 3 ->
                        calls.call("GET /v1/media", () -> user.client.media().list(null, 100));
                    default -> toggleOriginalRetention(user);
                }
            } catch (RuntimeException e) {
                user.problems.put("app use " + Instant.now(), e.toString());
            }
            Thread.sleep(200 + random.nextInt(300));
        }
    }

    private void toggleOriginalRetention(User user) throws InterruptedException {
        boolean given = calls
                .call("GET /v1/consent", () -> user.client.consent().state())
                .stream()
                .anyMatch(state -> state.purpose().equals("original_retention") && state.given());
        if (given) {
            calls.call("PUT /v1/consent/{purpose}", () -> user.client.consent().withdraw("original_retention"));
        } else {
            String notice = calls
                    .call(
                            "GET /v1/consent/purposes",
                            () -> user.client.consent().purposes("en"))
                    .stream()
                    .filter(purpose -> purpose.purpose().equals("original_retention"))
                    .findFirst()
                    .orElseThrow()
                    .noticeVersion();
            calls.call(
                    "PUT /v1/consent/{purpose}", () -> user.client.consent().give("original_retention", notice, "en"));
        }
    }

    private String report(Verdicts verdicts, double seconds) {
        StringBuilder report = new StringBuilder();
        report.append(String.format(
                Locale.ROOT,
                "# Cluster rig, %s%n%n%d users x 2 phones, %d manifest lines, %d instances (-Xmx%s) behind HAProxy, "
                        + "PostgreSQL %s, S3Proxy; %.0f s in all.%n%n",
                Instant.now().truncatedTo(ChronoUnit.SECONDS),
                settings.users(),
                settings.linesPerPhone() * 2 * settings.users(),
                RigSettings.INSTANCES,
                settings.instanceHeap(),
                postgres.version(),
                seconds));
        report.append("## Verdicts\n\n").append(verdicts.table()).append('\n');
        report.append(
                "## Throughput\n\n| phase | users | phones done s | uploads | uploads/s | processed | processed/s |\n|---|---:|---:|---:|---:|---:|---:|\n");
        for (PhaseResult phase : phases) {
            report.append(String.format(
                    Locale.ROOT,
                    "| %s | %d | %.1f | %d | %.1f | %d | %.1f |%n",
                    phase.name(),
                    phase.users(),
                    phase.loadSeconds(),
                    phase.uploaded(),
                    phase.uploaded() / phase.loadSeconds(),
                    phase.processed(),
                    phase.processed() / phase.processedSeconds()));
        }
        report.append(String.format(
                Locale.ROOT,
                "%nLargest resident memory of an instance: %d MiB; most database connections at once (the service's"
                        + " pools and Flyway): %d.%n",
                peakResidentKib / 1024,
                peakConnections));
        for (PhaseResult phase : phases) {
            report.append("\n## Latency from the clients, phase '")
                    .append(phase.name())
                    .append("'\n\n")
                    .append(latencies.table(phase.name()));
        }
        if (faults != null) {
            report.append("\n## Faults as they happened\n\n```\n");
            faults.events().forEach(event -> report.append(event).append('\n'));
            report.append("```\n");
        }
        return report.toString();
    }

    private void tearDown() {
        if (balancer != null) {
            quietly(balancer::close);
        }
        for (Instance instance : instances) {
            quietly(instance::stop);
        }
        if (store != null) {
            quietly(store::close);
        }
        if (postgres != null && System.getenv("CLUSTER_KEEP_DATABASE") == null) {
            quietly(postgres::close);
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void quietly(Step step) {
        try {
            step.run();
        } catch (Exception e) {
            System.err.println("tear-down: " + e);
        }
    }

    /** A progress line with the time of day. */
    static void progress(String format, Object... args) {
        System.out.printf("[%tT] %s%n", System.currentTimeMillis(), String.format(Locale.ROOT, format, args));
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    record PhaseResult(
            String name, int users, double loadSeconds, long uploaded, long processed, double processedSeconds) {}

    static long count(DebianPostgres postgres, String sql, Object... args) throws SQLException {
        try (Connection connection = postgres.ownerConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
