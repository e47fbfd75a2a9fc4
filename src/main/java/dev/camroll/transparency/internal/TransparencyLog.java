package dev.camroll.transparency.internal;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.transparency.ConsentLog;
import dev.camroll.transparency.MerkleTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** The log as the consent module meets it: queue, prove, forget; and the background integration. */
@Component
class TransparencyLog implements ConsentLog {

    private static final Logger log = LoggerFactory.getLogger(TransparencyLog.class);

    private static final byte[] UNREAD = new byte[32];

    private final LogTables tables;

    private final Sequencer sequencer;

    /**
     * One integration per instance at a time. Receipts asked for meanwhile wait for the lock; the next integration
     * logs all of their entries (each committed before its receipt was asked for) and hands out their proofs, so a
     * burst of decisions shares one integration (a group commit).
     */
    private final ReentrantLock integrating = new ReentrantLock();

    /** Receipts waiting for their entry's proof, by entry. */
    private final Map<UUID, CompletableFuture<Optional<String>>> waiting = new ConcurrentHashMap<>();

    private final LoopSupervisor loops;

    TransparencyLog(LogTables tables, Sequencer sequencer, LoopSupervisor loops) {
        this.tables = tables;
        this.sequencer = sequencer;
        this.loops = loops;
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void enqueue(UUID eventId, String subject, String entryHash) {
        tables.enqueue(eventId, subject, HexFormat.of().parseHex(entryHash));
    }

    @Override
    public Optional<String> proof(UUID eventId) {
        Optional<String> covered = coveredProof(eventId); // an older entry: one query; a new one: not found, one query
        if (covered.isPresent()) {
            return covered;
        }
        CompletableFuture<Optional<String>> handedOut = new CompletableFuture<>();
        waiting.put(eventId, handedOut);
        try {
            integrating.lock();
            try {
                // The integration that held the lock may have logged this entry and handed out its proof.
                if (!handedOut.isDone()) {
                    integrateAndHandOut(true);
                }
            } catch (DataAccessException e) {
                // The decision is committed and its receipt signed: answer it without a proof rather than fail it.
                log.warn(
                        "No inclusion proof for entry {} now, the log could not be integrated: {}",
                        eventId,
                        e.toString());
            } finally {
                integrating.unlock();
            }
        } finally {
            waiting.remove(eventId);
        }
        Optional<String> proof = handedOut.getNow(null);
        // Not logged by this instance's integrations (another instance's did it), or too many at once to keep in
        // memory.
        return proof != null ? proof : coveredProof(eventId);
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<String> coveredProof(UUID eventId) {
        Optional<LogTables.Covered> found = tables.position(eventId);
        if (found.isEmpty() || !found.get().covered()) {
            return Optional.empty();
        }
        LogTables.Covered covered = found.get();
        long index = covered.position().index();
        List<byte[]> path = read(nodes -> MerkleTree.inclusionProof(index, covered.size(), nodes));
        return Optional.of(proofText(covered.position().salt(), index, path, Objects.requireNonNull(covered.note())));
    }

    @Override
    public void publish() {
        integrating.lock();
        try {
            integrateAndHandOut(true);
        } finally {
            integrating.unlock();
        }
    }

    /**
     * Integrates (under {@link #integrating}) and gives every waiting receipt of an entry it logged its proof, from
     * the nodes the integration kept in memory: a burst of decisions costs one integration and no proof query.
     */
    private void integrateAndHandOut(boolean eager) {
        Sequencer.Integrated integrated = sequencer.integrate(eager);
        if (integrated.logged().isEmpty() || waiting.isEmpty()) {
            return;
        }
        for (Sequencer.Logged entry : integrated.logged()) {
            CompletableFuture<Optional<String>> waiter = waiting.get(entry.eventId());
            if (waiter != null) {
                waiter.complete(
                        entry.salt() == null
                                ? Optional.empty()
                                : Optional.of(proofText(
                                        entry.salt(),
                                        entry.index(),
                                        MerkleTree.inclusionProof(
                                                entry.index(), integrated.checkpointSize(), (level, index) -> {
                                                    byte[] hash =
                                                            integrated.nodes().get(LogTables.key(level, index));
                                                    if (hash == null) {
                                                        throw new IllegalStateException(
                                                                "an integration kept no node " + level + "/" + index);
                                                    }
                                                    return hash;
                                                }),
                                        Objects.requireNonNull(integrated.note()))));
            }
        }
    }

    private static String proofText(byte[] salt, long index, List<byte[]> path, String note) {
        StringBuilder proof = new StringBuilder("c2sp.org/tlog-proof@v1\n");
        proof.append("extra ").append(base64(salt)).append('\n');
        proof.append("index ").append(index).append('\n');
        path.forEach(hash -> proof.append(base64(hash)).append('\n'));
        return proof.append('\n').append(note).toString();
    }

    @Override
    @Transactional(propagation = Propagation.MANDATORY)
    public void forget(String subject) {
        tables.markForgotten(subject);
    }

    /** Entries no receipt asked for (the system's, a support revoke's cascade) join within about a second. */
    @Scheduled(fixedDelayString = "PT1S", initialDelayString = "PT1S")
    void integrateInBackground() {
        loops.iterate("transparency-log", () -> {
            long signed =
                    tables.latestCheckpoint().map(LogTables.Checkpoint::size).orElse(0L);
            if ((tables.anyPending() || tables.size() > signed) && integrating.tryLock()) {
                try {
                    integrateAndHandOut(false);
                } finally {
                    integrating.unlock();
                }
            }
        });
    }

    /** The consistency proof between two tree sizes, both within the newest checkpoint. */
    @Transactional(readOnly = true)
    List<byte[]> consistency(long from, long to) {
        return read(nodes -> MerkleTree.consistencyProof(from, to, nodes));
    }

    /**
     * Runs {@code proof} twice: once to learn which stored nodes it reads, then over those nodes fetched in one query.
     */
    <T> T read(Function<MerkleTree.NodeReader, T> proof) {
        List<long[]> wanted = new ArrayList<>();
        proof.apply((level, index) -> {
            wanted.add(new long[] {level, index});
            return UNREAD;
        });
        short[] levels = new short[wanted.size()];
        long[] indexes = new long[wanted.size()];
        for (int i = 0; i < wanted.size(); i++) {
            levels[i] = (short) wanted.get(i)[0];
            indexes[i] = wanted.get(i)[1];
        }
        Map<String, byte[]> found = tables.nodes(levels, indexes);
        return proof.apply((level, index) -> {
            byte[] hash = found.get(LogTables.key(level, index));
            if (hash == null) {
                throw new IllegalStateException("the transparency log lacks its node " + level + "/" + index);
            }
            return hash;
        });
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
