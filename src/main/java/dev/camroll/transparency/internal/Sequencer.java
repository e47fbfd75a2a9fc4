package dev.camroll.transparency.internal;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.camroll.transparency.MerkleTree;
import dev.camroll.transparency.TransparencySettings;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Gives queued ledger entries their leaves, in one transaction under the lock of {@code transparency_log}: contiguous
 * indexes from the tree's size, the leaf data HMAC-SHA256(the user's salt, the entry's hash), every subtree hash the
 * new leaves complete, the new size and root, and a signed checkpoint when one is due. A crash before the commit leaves
 * the queue as it was; nothing is half-added, skipped or added twice.
 */
@Component
class Sequencer {

    static final String LEAVES_ADDED = "camroll.transparency.leaves.added";

    static final String CHECKPOINTS_SIGNED = "camroll.transparency.checkpoints.signed";

    /** Entries taken per statement; a bigger queue is integrated in several rounds of the same transaction. */
    private static final int BATCH = 2_000;

    /** Up to this many entries, an integration keeps the tree nodes its proofs need in memory (a few hundred KiB). */
    private static final int PROVABLE = 10_000;

    /** An entry an integration logged: its index, and the salt of its leaf (null: its user was forgotten). */
    record Logged(UUID eventId, long index, byte @Nullable [] salt) {}

    /**
     * What an integration did: the newest checkpoint's size and note afterwards; and, when it logged at most {@link
     * #PROVABLE} entries and signed a checkpoint of the new size, those entries and every node their inclusion proofs
     * in that checkpoint read (the old right edge and the new nodes), so the proofs need no further query.
     */
    record Integrated(long checkpointSize, @Nullable String note, List<Logged> logged, Map<String, byte[]> nodes) {

        static final Integrated NOTHING = new Integrated(0, null, List.of(), Map.of());
    }

    private final LogTables tables;

    private final Checkpoints checkpoints;

    private final TransparencySettings settings;

    private final Clock clock;

    private final MeterRegistry meters;

    private final SecureRandom random = new SecureRandom();

    Sequencer(
            LogTables tables,
            Checkpoints checkpoints,
            TransparencySettings settings,
            Clock clock,
            MeterRegistry meters) {
        this.tables = tables;
        this.checkpoints = checkpoints;
        this.settings = settings;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Integrates the whole queue and signs a checkpoint if one is due ({@code eager}: whenever the tree outgrew the
     * newest checkpoint).
     */
    @Transactional
    Integrated integrate(boolean eager) {
        long size = tables.lockSize();
        List<long[]> edge = MerkleTree.Frontier.positions(size);
        List<byte[]> edgeHashes = tables.frontier(size, edge);
        MerkleTree.Frontier frontier = new MerkleTree.Frontier(size, edgeHashes);
        Map<String, byte[]> nodes = new HashMap<>();
        for (int i = 0; i < edge.size(); i++) {
            nodes.put(LogTables.key((int) edge.get(i)[0], edge.get(i)[1]), edgeHashes.get(i));
        }
        List<Logged> logged = new ArrayList<>();
        List<LogTables.Pending> batch;
        do {
            batch = tables.pending(BATCH);
            if (!batch.isEmpty()) {
                append(frontier, batch, logged, nodes);
            }
        } while (batch.size() == BATCH);
        if (frontier.size() > size) {
            tables.grow(frontier.size(), frontier.root());
            meters.counter(LEAVES_ADDED).increment(frontier.size() - size);
        }
        tables.forgetMarked();
        LogTables.Checkpoint checkpoint = checkpoint(frontier, eager);
        if (checkpoint == null) {
            return Integrated.NOTHING;
        }
        boolean provable = checkpoint.size() == frontier.size() && logged.size() <= PROVABLE;
        return new Integrated(
                checkpoint.size(), checkpoint.note(), provable ? logged : List.of(), provable ? nodes : Map.of());
    }

    private void append(
            MerkleTree.Frontier frontier,
            List<LogTables.Pending> batch,
            List<Logged> logged,
            Map<String, byte[]> provingNodes) {
        Set<String> subjects = new LinkedHashSet<>();
        batch.forEach(entry -> subjects.add(entry.subject()));
        String[] subjectArray = subjects.toArray(String[]::new);
        byte[][] fresh = new byte[subjectArray.length][];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = randomSalt();
        }
        Map<String, byte[]> salts = tables.salts(subjectArray, fresh);
        int n = batch.size();
        long[] indexes = new long[n];
        byte[][] entries = new byte[n][];
        UUID[] events = new UUID[n];
        String[] owners = new String[n];
        long[] queued = new long[n];
        List<LogTables.Node> nodes = new ArrayList<>(2 * n + 64);
        List<Integer> positioned = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            LogTables.Pending entry = batch.get(i);
            byte[] salt = salts.get(entry.subject());
            if (salt != null) {
                positioned.add(i);
            }
            if (logged.size() <= PROVABLE) {
                logged.add(new Logged(entry.eventId(), frontier.size(), salt));
            }
            if (salt == null) {
                // Marked forgotten before a salt was ever made: the entry is logged with a salt no one keeps.
                salt = randomSalt();
            }
            indexes[i] = frontier.size();
            entries[i] = hmac(salt, entry.entryHash());
            events[i] = entry.eventId();
            owners[i] = entry.subject();
            queued[i] = entry.queued();
            frontier.append(MerkleTree.leafHash(entries[i]), (level, index, hash) -> {
                nodes.add(new LogTables.Node(level, index, hash));
                if (logged.size() <= PROVABLE) {
                    provingNodes.put(LogTables.key(level, index), hash);
                }
            });
        }
        tables.addLeaves(indexes, entries);
        tables.addNodes(nodes);
        tables.addPositions(
                positioned.stream().map(i -> events[i]).toArray(UUID[]::new),
                positioned.stream().map(i -> owners[i]).toArray(String[]::new),
                positioned.stream().mapToLong(i -> indexes[i]).toArray());
        tables.dequeue(queued);
    }

    /** The newest checkpoint after a new one was signed if due; null before the first. */
    private LogTables.@Nullable Checkpoint checkpoint(MerkleTree.Frontier frontier, boolean eager) {
        LogTables.Checkpoint latest = tables.latestCheckpoint().orElse(null);
        long signed = latest == null ? 0 : latest.size();
        if (frontier.size() <= signed) {
            return latest;
        }
        Instant now = clock.instant();
        boolean due = eager
                || latest == null
                || frontier.size() - signed >= settings.checkpointEntries()
                || !now.isBefore(latest.signedAt().plus(settings.checkpointInterval()));
        if (!due) {
            return latest;
        }
        byte[] root = frontier.root();
        LogTables.Checkpoint checkpoint =
                new LogTables.Checkpoint(frontier.size(), root, checkpoints.sign(frontier.size(), root), now);
        tables.addCheckpoint(checkpoint);
        meters.counter(CHECKPOINTS_SIGNED).increment();
        return checkpoint;
    }

    private byte[] randomSalt() {
        byte[] salt = new byte[32];
        random.nextBytes(salt);
        return salt;
    }

    /** The leaf's data: HMAC-SHA256 keyed with the user's salt over the 32 bytes of the entry's hash. */
    static byte[] hmac(byte[] salt, byte[] entryHash) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(salt, "HmacSHA256"));
            return mac.doFinal(entryHash);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
