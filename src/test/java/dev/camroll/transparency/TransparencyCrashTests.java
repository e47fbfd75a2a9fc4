package dev.camroll.transparency;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSObject;
import dev.camroll.testing.Api;
import dev.camroll.testing.CrashRecovery;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.LogAudit;
import dev.camroll.testing.ServiceProcess;
import dev.camroll.testing.TestDatabase;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The log survives a {@code kill -9} in the middle of an append: service processes that integrate under a stream of
 * decisions from many users are killed with SIGKILL while one of their integrations holds the log's lock, three times
 * at three points of the append, each round in a new process; once the queue is integrated again the log has no gap
 * and no duplicate, every ledger entry is in it exactly once, every stored hash and the root are the tree's, and every
 * proof handed out before a kill still verifies and is consistent with the newest checkpoint.
 */
class TransparencyCrashTests extends EndToEndTest {

    /** Users deciding at once against the process that is going to die. */
    static final int CLIENTS = 8;

    /** Decisions answered by a process before it may be killed, so receipts with proofs were handed out first. */
    static final int ANSWERED_FIRST = 30;

    /** How long a round waits for an integration at its point before killing the process anyway. */
    static final Duration KILL_WINDOW = Duration.ofSeconds(15);

    /** Where an integration of the process is when the process is killed; one round each. */
    enum Point {
        /** It holds the lock of the log's row (transparency_log), whatever it has written. */
        LOCKED,
        /** It has inserted leaves (a lock on transparency_leaves), not committed. */
        APPENDED,
        /** It has also written the new size and root (a row lock's update of transparency_log), not committed. */
        GROWN
    }

    /** An answered decision: its user, event, entry hash and the proof in its receipt. */
    record Answer(
            String user,
            String eventId,
            String hash,
            @Nullable String proof) {}

    /** An integration transaction of the process, as PostgreSQL's lock manager showed it. */
    record Integration(int backend, String xid, boolean appended, boolean grown) {}

    /** What a kill hit: the integration seen (if any) and whether its transaction ended aborted. */
    record Kill(Point point, @Nullable Integration seen, String fate, int answered, long committedSize, long waitedMs) {

        boolean midIntegration() {
            return seen != null && fate.equals("aborted");
        }
    }

    @Autowired
    PlatformTransactionManager transactions;

    @TempDir
    Path work;

    @Test
    void killedMidAppendTheLogHasNoGapNoDuplicateAndEveryProofItGaveOutStillHolds() throws Exception {
        long began = System.nanoTime();
        String key = publicText(api, "/v1/consent/log/key");
        Map<String, String> notices = Map.of(
                "cloud_processing", currentNotice("cloud_processing", "en"),
                "location_analysis", currentNotice("location_analysis", "en"));
        Set<String> users = ConcurrentHashMap.newKeySet();
        Queue<Answer> answers = new ConcurrentLinkedQueue<>();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        List<Kill> kills = new ArrayList<>();
        long firstCheckpoint =
                jdbc.queryForObject("SELECT coalesce(max(size), 0) FROM transparency_checkpoints", Long.class);

        Point[] points = Point.values();
        CompletableFuture<ServiceProcess> next = start(0);
        try (Connection watch = TestDatabase.get().superuser().getConnection()) {
            for (int round = 0; round < points.length; round++) {
                ServiceProcess child = next.join();
                // The restart of the next round boots while this one works (both take seconds).
                next = round + 1 < points.length ? start(round + 1) : null;
                try (child) {
                    assertThat(publicText(new Api(child.port()), "/v1/consent/log/key"))
                            .as("the process signs as the same log")
                            .isEqualTo(key);
                    kills.add(round(round, points[round], child, watch, notices, users, answers, unexpected));
                }
            }
        } finally {
            if (next != null) {
                next.thenAccept(ServiceProcess::close);
            }
        }
        long killedAt = System.nanoTime();
        kills.forEach(kill -> System.out.printf(
                "Transparency crash: killed at %s after %d answers and %d ms of watching, the log's committed size %d: "
                        + "integration %s, which %s%n",
                kill.point(), kill.answered(), kill.waitedMs(), kill.committedSize(), kill.seen(), kill.fate()));
        assertThat(unexpected)
                .as("answers other than 200 from a living process")
                .isEmpty();
        assertThat(kills.stream().filter(Kill::midIntegration).count())
                .as("kills that landed in an open integration transaction: " + kills)
                .isPositive();

        // The restart here (this context's background integration) takes up what the dead processes left queued, and
        // answers a decision with a proof under a checkpoint of the whole log.
        String last = newUser("crash-log-after");
        users.add(last);
        Api.Response after = give(token(last), "cloud_processing");
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        answers.add(answer(last, after.json()));
        await("the queue integrated after the kills")
                .atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> jdbc.queryForObject("SELECT count(*) FROM transparency_pending", Long.class) == 0);

        Snapshot log = snapshot(users);
        assertTheWholeLogIsOneTree(log, firstCheckpoint);
        assertEveryEntryOfTheUsersIsInTheLogOnce(log, users);
        assertEveryProofHandedOutStillHolds(log, key, answers);
        System.out.printf(
                "Transparency crash: %d users, %d answers with proofs, log of %d leaves (newest checkpoint %d); "
                        + "%d ms until the last kill, %d ms in all%n",
                users.size(),
                answers.size(),
                log.size(),
                log.checkpointSize(),
                Duration.ofNanos(killedAt - began).toMillis(),
                Duration.ofNanos(System.nanoTime() - began).toMillis());
    }

    /**
     * One round: {@link #CLIENTS} threads decide for fresh users against {@code child}; once it answered
     * {@link #ANSWERED_FIRST} decisions, the process is killed the moment one of its integrations is at {@code point}.
     */
    private Kill round(
            int round,
            Point point,
            ServiceProcess child,
            Connection watch,
            Map<String, String> notices,
            Set<String> users,
            Queue<Answer> answers,
            Queue<String> unexpected)
            throws Exception {
        Clients clients = new Clients(new Api(child.port()), answers, unexpected);
        ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
        try {
            for (int c = 0; c < CLIENTS; c++) {
                threads.submit(() -> {
                    boolean answering = true;
                    while (answering) {
                        String user = newUser("crash-log");
                        users.add(user);
                        String token = token(user);
                        // Give cloud_processing, then give and withdraw location_analysis (which needs it), twice.
                        String location = notices.get("location_analysis");
                        answering = clients.decide(user, token, "cloud_processing", notices.get("cloud_processing"));
                        for (int i = 0; i < 4 && answering; i++) {
                            answering = clients.decide(user, token, "location_analysis", i % 2 == 0 ? location : null);
                        }
                    }
                });
            }
            await("decisions answered by the process of round " + round)
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> clients.answered.get() >= ANSWERED_FIRST || !unexpected.isEmpty());
            assertThat(unexpected)
                    .as("answers other than 200; the log:\n" + child.logTail(30))
                    .isEmpty();

            long watching = System.nanoTime();
            Integration seen = awaitIntegration(watch, application(round), point);
            clients.alive.set(false); // what fails from here on is the kill
            child.kill();
            long waited = Duration.ofNanos(System.nanoTime() - watching).toMillis();
            int answeredAtKill = clients.answered.get();
            long committed = committedSize(watch);
            String fate = seen == null ? "none" : fate(watch, seen.xid());
            await("the dead process's connections closed")
                    .atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT count(*) FROM pg_stat_activity WHERE application_name = ?",
                                    Long.class,
                                    application(round))
                            == 0);
            return new Kill(point, seen, fate, answeredAtKill, committed, waited);
        } finally {
            clients.alive.set(false);
            threads.shutdown();
            assertThat(threads.awaitTermination(70, TimeUnit.SECONDS)).isTrue();
        }
    }

    /** The users' phones in a round: the decisions they send to one process, and what it answered. */
    private static final class Clients {

        final AtomicBoolean alive = new AtomicBoolean(true);

        final AtomicInteger answered = new AtomicInteger();

        private final Api process;

        private final Queue<Answer> answers;

        private final Queue<String> unexpected;

        Clients(Api process, Queue<Answer> answers, Queue<String> unexpected) {
            this.process = process;
            this.answers = answers;
            this.unexpected = unexpected;
        }

        /** Gives {@code purpose} to {@code notice} or withdraws it (null); false once the process stops answering. */
        boolean decide(String user, String token, String purpose, @Nullable String notice) {
            Map<String, Object> body =
                    notice == null ? Map.of("state", "WITHDRAWN") : Map.of("state", "GIVEN", "noticeVersion", notice);
            Api.Response response;
            try {
                response =
                        process.put("/v1/consent/" + purpose, body).token(token).send();
            } catch (UncheckedIOException killed) {
                return false;
            }
            if (response.status() != 200) {
                if (alive.get()) {
                    unexpected.add(purpose + " " + body + ": " + response);
                }
                return false;
            }
            answers.add(answer(user, response.json()));
            answered.incrementAndGet();
            return alive.get();
        }
    }

    /**
     * Polls the lock manager until an integration transaction of the process (its connections carry
     * {@code application}) holds the log's row lock and has got as far as {@code point}; null after
     * {@link #KILL_WINDOW}.
     */
    private static @Nullable Integration awaitIntegration(Connection watch, String application, Point point)
            throws Exception {
        // The row lock of SELECT ... FOR UPDATE shows as a granted RowShareLock on the table with a transaction id,
        // and no lock it waits for; the inserts into transparency_leaves and the UPDATE of transparency_log each add
        // a RowExclusiveLock on their table.
        try (PreparedStatement query = watch.prepareStatement("""
                SELECT a.pid, a.backend_xid::text,
                       bool_or(l.relation = 'transparency_leaves'::regclass) AS appended,
                       bool_or(l.relation = 'transparency_log'::regclass AND l.mode = 'RowExclusiveLock') AS grown
                FROM pg_stat_activity a
                JOIN pg_locks l ON l.pid = a.pid AND l.locktype = 'relation' AND l.granted
                WHERE a.application_name = ? AND a.backend_xid IS NOT NULL
                GROUP BY a.pid, a.backend_xid
                HAVING bool_or(l.relation = 'transparency_log'::regclass AND l.mode = 'RowShareLock')
                   AND NOT EXISTS (SELECT 1 FROM pg_locks w WHERE w.pid = a.pid AND NOT w.granted)
                """)) {
            query.setString(1, application);
            long giveUp = System.nanoTime() + KILL_WINDOW.toNanos();
            while (System.nanoTime() < giveUp) {
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        Integration integration = new Integration(
                                rows.getInt(1), rows.getString(2), rows.getBoolean(3), rows.getBoolean(4));
                        boolean there = switch (point) {
                            case LOCKED -> true;
                            case APPENDED -> integration.appended();
                            case GROWN -> integration.grown();
                        };
                        if (there) {
                            return integration;
                        }
                    }
                }
            }
        }
        return null;
    }

    /**
     * How the transaction {@code xid} ended once its process was dead: "aborted" means it was still open when the
     * process died (a commit cannot come from a dead client), "committed" that the kill came after its COMMIT.
     */
    private static String fate(Connection watch, String xid) throws Exception {
        try (PreparedStatement query = watch.prepareStatement("SELECT pg_xact_status(?::xid8)")) {
            query.setString(1, xid); // the test database's transaction ids are in epoch 0
            long giveUp = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            String status = "in progress";
            while (status.equals("in progress") && System.nanoTime() < giveUp) {
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    status = row.getString(1);
                }
                if (status.equals("in progress")) {
                    Thread.sleep(10);
                }
            }
            return status;
        }
    }

    private static long committedSize(Connection watch) throws Exception {
        try (PreparedStatement query = watch.prepareStatement("SELECT size FROM transparency_log WHERE id = 1");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The log as one consistent read sees it. */
    record Snapshot(
            long size,
            byte[] root,
            List<byte[]> entries,
            Map<Long, byte[]> levelZero,
            Map<String, byte[]> inner,
            long checkpointSize,
            byte[] checkpointRoot,
            Map<Long, byte[]> checkpoints,
            List<Long> positions,
            Map<String, Position> byEvent,
            Map<String, byte[]> salts,
            Map<String, String> hashes,
            Map<String, String> subjects) {}

    record Position(String subject, long index) {}

    /** Everything the assertions read, in one repeatable-read transaction: a log that nothing grows meanwhile. */
    private Snapshot snapshot(Set<String> users) {
        TransactionTemplate read = new TransactionTemplate(transactions);
        read.setReadOnly(true);
        read.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        return read.execute(tx -> {
            long size = jdbc.queryForObject("SELECT size FROM transparency_log WHERE id = 1", Long.class);
            byte[] root = jdbc.queryForObject("SELECT root FROM transparency_log WHERE id = 1", byte[].class);
            List<Long> idx = new ArrayList<>();
            List<byte[]> entries = new ArrayList<>();
            jdbc.query("SELECT idx, entry FROM transparency_leaves ORDER BY idx", rs -> {
                idx.add(rs.getLong(1));
                entries.add(rs.getBytes(2));
            });
            for (int i = 0; i < idx.size(); i++) {
                assertThat(idx.get(i))
                        .as("the index of the leaf in place %d", i)
                        .isEqualTo(i);
            }
            Map<Long, byte[]> levelZero = new HashMap<>();
            Map<String, byte[]> inner = new HashMap<>();
            jdbc.query("SELECT level, idx, hash FROM transparency_hashes", rs -> {
                if (rs.getInt(1) == 0) {
                    levelZero.put(rs.getLong(2), rs.getBytes(3));
                } else {
                    inner.put(rs.getInt(1) + "/" + rs.getLong(2), rs.getBytes(3));
                }
            });
            Map<Long, byte[]> checkpoints = new HashMap<>();
            jdbc.query("SELECT size, root FROM transparency_checkpoints", rs -> {
                checkpoints.put(rs.getLong(1), rs.getBytes(2));
            });
            long checkpointSize = checkpoints.keySet().stream()
                    .mapToLong(Long::longValue)
                    .max()
                    .orElse(0);
            List<Long> positions = new ArrayList<>();
            Map<String, Position> byEvent = new HashMap<>();
            jdbc.query("SELECT event_id::text, subject, idx FROM transparency_positions", rs -> {
                positions.add(rs.getLong(3));
                byEvent.put(rs.getString(1), new Position(rs.getString(2), rs.getLong(3)));
            });
            Map<String, byte[]> salts = new HashMap<>();
            jdbc.query("SELECT subject, salt FROM transparency_salts WHERE salt IS NOT NULL", rs -> {
                salts.put(rs.getString(1), rs.getBytes(2));
            });
            Map<String, String> hashes = new HashMap<>();
            Map<String, String> subjects = new HashMap<>();
            jdbc.query(
                    "SELECT event_id::text, subject, hash FROM consent_events WHERE subject = ANY(?)",
                    rs -> {
                        hashes.put(rs.getString(1), rs.getString(3));
                        subjects.put(rs.getString(1), rs.getString(2));
                    },
                    (Object) users.toArray(String[]::new));
            return new Snapshot(
                    size,
                    root,
                    entries,
                    levelZero,
                    inner,
                    checkpointSize,
                    checkpoints.get(checkpointSize),
                    checkpoints,
                    positions,
                    byEvent,
                    salts,
                    hashes,
                    subjects);
        });
    }

    /**
     * Global invariants over the whole log, every test's entries included: leaves 0..size-1, each level-0 hash the
     * leaf hash of its entry, every complete subtree's hash stored and right and nothing else, the stored root the
     * tree's, and every checkpoint signed since the test began the root of a prefix of this tree.
     */
    private static void assertTheWholeLogIsOneTree(Snapshot log, long checkpointsBefore) {
        assertThat((long) log.entries().size())
                .as("leaves, indexed 0..size-1 without a gap or a duplicate")
                .isEqualTo(log.size());

        List<List<byte[]>> levels = new ArrayList<>();
        List<byte[]> leafHashes = new ArrayList<>();
        for (int i = 0; i < log.entries().size(); i++) {
            byte[] leafHash = LogAudit.leafHash(log.entries().get(i));
            assertThat(log.levelZero().get((long) i))
                    .as("the level-0 hash of leaf %d", i)
                    .isEqualTo(leafHash);
            leafHashes.add(leafHash);
        }
        assertThat(log.levelZero())
                .as("level-0 hashes, one per leaf")
                .hasSize(log.entries().size());
        levels.add(leafHashes);
        int innerNodes = 0;
        for (List<byte[]> below = leafHashes; below.size() >= 2; ) {
            List<byte[]> level = new ArrayList<>();
            for (int i = 0; i + 1 < below.size(); i += 2) {
                level.add(LogAudit.nodeHash(below.get(i), below.get(i + 1)));
            }
            int l = levels.size();
            for (int i = 0; i < level.size(); i++) {
                assertThat(log.inner().get(l + "/" + i))
                        .as("the hash of subtree %d/%d", l, i)
                        .isEqualTo(level.get(i));
            }
            innerNodes += level.size();
            levels.add(level);
            below = level;
        }
        assertThat(log.inner())
                .as("inner hashes: those of the complete subtrees only")
                .hasSize(innerNodes);

        byte[] root = LogAudit.mth(leafHashes);
        assertThat(root).as("the stored root is the tree's (RFC 9162 MTH)").isEqualTo(log.root());
        assertThat(prefixRoot(levels, log.size())).isEqualTo(root);
        assertThat(log.checkpointSize()).as("the newest checkpoint").isBetween(1L, log.size());
        assertThat(log.checkpointRoot())
                .as("the newest checkpoint's root")
                .isEqualTo(prefixRoot(levels, log.checkpointSize()));
        if (log.checkpointSize() == log.size()) {
            assertThat(log.checkpointRoot()).isEqualTo(log.root());
        }
        new TreeSet<>(log.checkpoints().keySet())
                .tailSet(checkpointsBefore, false)
                .forEach(size -> assertThat(log.checkpoints().get(size))
                        .as("the root of the checkpoint of size %d", size)
                        .isEqualTo(prefixRoot(levels, size)));

        assertThat(log.positions()).as("the indexes of the positions").doesNotHaveDuplicates();
        assertThat(log.positions()).allSatisfy(index -> assertThat(index).isBetween(0L, log.size() - 1));
    }

    /**
     * Per-entry invariants for the test's users: each ledger entry has one position, its leaf there is
     * HMAC(salt, entry hash), and that leaf appears nowhere else in the log.
     */
    private static void assertEveryEntryOfTheUsersIsInTheLogOnce(Snapshot log, Set<String> users) {
        Map<String, Integer> occurrences = new HashMap<>();
        log.entries().forEach(entry -> occurrences.merge(HexFormat.of().formatHex(entry), 1, Integer::sum));
        int entries = 0;
        for (Map.Entry<String, String> event : log.hashes().entrySet()) {
            String subject = log.subjects().get(event.getKey());
            if (!users.contains(subject)) {
                continue;
            }
            entries++;
            Position position = log.byEvent().get(event.getKey());
            assertThat(position)
                    .as("the position of ledger entry " + event.getKey())
                    .isNotNull();
            assertThat(position.subject()).isEqualTo(subject);
            byte[] salt = log.salts().get(subject);
            assertThat(salt).as("the salt of " + subject).isNotNull();
            byte[] leaf = LogAudit.entry(salt, event.getValue());
            assertThat(log.entries().get((int) position.index()))
                    .as("the leaf of ledger entry " + event.getKey())
                    .isEqualTo(leaf);
            assertThat(occurrences.get(HexFormat.of().formatHex(leaf)))
                    .as("leaves holding ledger entry " + event.getKey())
                    .isEqualTo(1);
        }
        assertThat(entries).as("ledger entries of the test's users").isGreaterThan(users.size());
    }

    /**
     * Every receipt answered, those from the processes killed afterwards included: its proof verifies against its
     * checkpoint, at the entry's position, and that checkpoint is consistent with the newest one (its consistency
     * proof as the service serves it).
     */
    private void assertEveryProofHandedOutStillHolds(Snapshot log, String key, Queue<Answer> answers) {
        LogAudit.Checkpoint newest = LogAudit.checkpoint(publicText(api, "/v1/consent/log/checkpoint"), key);
        assertThat(newest.size()).isGreaterThanOrEqualTo(log.checkpointSize());
        if (newest.size() == log.checkpointSize()) {
            assertThat(newest.root()).as("the newest checkpoint served").isEqualTo(log.checkpointRoot());
        }
        Map<Long, byte[]> consistent = new HashMap<>();
        for (Answer answer : answers) {
            assertThat(answer.proof())
                    .as("the proof in the receipt of " + answer.eventId())
                    .isNotNull();
            LogAudit.Proof proof = LogAudit.proof(answer.proof(), key);
            assertThat(LogAudit.proves(proof, answer.hash()))
                    .as("the receipt's proof of " + answer.eventId())
                    .isTrue();
            assertThat(log.byEvent().get(answer.eventId()))
                    .as("the position of " + answer.eventId())
                    .isEqualTo(new Position(answer.user(), proof.index()));
            LogAudit.Checkpoint kept = proof.checkpoint();
            byte[] keptRoot = consistent.get(kept.size());
            if (keptRoot != null) {
                assertThat(kept.root()).as("one root per size").isEqualTo(keptRoot);
                continue;
            }
            List<byte[]> path = new ArrayList<>();
            if (kept.size() < newest.size()) {
                api.get("/v1/consent/log/consistency?from=" + kept.size() + "&to=" + newest.size())
                        .send()
                        .json()
                        .path("proof")
                        .forEach(hash -> path.add(Base64.getDecoder().decode(hash.asString())));
            }
            assertThat(LogAudit.verifyConsistency(kept.size(), newest.size(), kept.root(), newest.root(), path))
                    .as(
                            "the checkpoint of size %d is consistent with the newest of size %d",
                            kept.size(), newest.size())
                    .isTrue();
            consistent.put(kept.size(), kept.root());
        }
    }

    /**
     * The root of the tree's first {@code size} leaves from the complete subtrees' hashes: RFC 9162's MTH splits off
     * the largest power of two, so the root folds the subtrees of {@code size}'s binary digits from the right.
     */
    private static byte[] prefixRoot(List<List<byte[]>> levels, long size) {
        byte[] root = null;
        long end = size;
        for (int level = 0; level < 63; level++) {
            if ((size >> level & 1) == 1) {
                end -= 1L << level;
                byte[] subtree = levels.get(level).get((int) (end >> level));
                root = root == null ? subtree : LogAudit.nodeHash(subtree, root);
            }
        }
        return root == null ? LogAudit.sha256() : root;
    }

    private CompletableFuture<ServiceProcess> start(int round) {
        return CompletableFuture.supplyAsync(() -> {
            Map<String, Object> properties = CrashRecovery.instance(settings.dataDir(), Duration.ofSeconds(10));
            // Its connections name it, so the lock manager tells its transactions from everyone else's.
            String url = (String) properties.get("spring.datasource.url");
            properties.put(
                    "spring.datasource.url",
                    url + (url.contains("?") ? "&" : "?") + "ApplicationName=" + application(round));
            return ServiceProcess.start(
                    properties,
                    List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + work),
                    work.resolve("round-" + round + ".log"),
                    Duration.ofMinutes(2));
        });
    }

    private static String application(int round) {
        return "camroll-crash-" + round;
    }

    private static Answer answer(String user, JsonNode decision) {
        JsonNode receipt = decision.path("receipt");
        try {
            String hash = (String) JWSObject.parse(receipt.path("jws").asString())
                    .getPayload()
                    .toJSONObject()
                    .get("hash");
            return new Answer(
                    user,
                    decision.path("eventId").asString(),
                    hash,
                    receipt.hasNonNull("proof") ? receipt.path("proof").asString() : null);
        } catch (java.text.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String publicText(Api on, String path) {
        Api.Response response = on.get(path).send();
        assertThat(response.status()).as(path).isEqualTo(200);
        return response.body();
    }
}
