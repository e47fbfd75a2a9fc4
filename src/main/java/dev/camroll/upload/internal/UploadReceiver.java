package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaLibrary;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.storage.AppendResult;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;
import dev.camroll.storage.Staging;
import dev.camroll.upload.UploadProblem;
import dev.camroll.upload.UploadSettings;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Receives the bytes of one request into an upload (tus PATCH, or creation-with-upload) and, when the last byte
 * lands, hands the file to {@link UploadCompletion}. Holds the upload's writer lease for the whole request, renewed
 * by a heartbeat thread of its own every third of the lease, so a racing request gets 409 and a dead instance's hold
 * runs out; it runs under the {@link LoopSupervisor}, so a renewal that fails, even with an {@link Error}, leaves the
 * next one due as usual. Records durable progress every checkpoint, so nothing an instance acknowledged is lost with
 * it. Never removes bytes of an upload that is still open: a writer that lost its lease steps back; one whose upload
 * ended (or was purged) meanwhile removes what it wrote itself.
 */
@Component
class UploadReceiver implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(UploadReceiver.class);

    static final String HEARTBEAT = "upload-lease-heartbeat";

    /** A chunk checksum (tus checksum extension): algorithm and expected digest. */
    record ChunkChecksum(String algorithm, byte[] expected) {}

    private final UploadRows rows;

    private final UploadSettings settings;

    private final ObjectStore store;

    private final MediaLibrary media;

    private final DigestCache digests;

    private final UploadCompletion completion;

    private final ConsentGate consent;

    private final StagedBytes bytes;

    private final ReceivedBytes received;

    private final Clock clock;

    /** The requests streaming in this instance, by writer token. */
    private final Map<String, UploadTransfer> writing = new ConcurrentHashMap<>();

    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, HEARTBEAT);
        thread.setDaemon(true);
        return thread;
    });

    private final LoopSupervisor.Watch heartbeatWatch;

    UploadReceiver(
            UploadRows rows,
            UploadSettings settings,
            ObjectStore store,
            MediaLibrary media,
            DigestCache digests,
            UploadCompletion completion,
            ConsentGate consent,
            StagedBytes bytes,
            ReceivedBytes received,
            Clock clock,
            LoopSupervisor loops) {
        this.rows = rows;
        this.settings = settings;
        this.store = store;
        this.media = media;
        this.digests = digests;
        this.completion = completion;
        this.consent = consent;
        this.bytes = bytes;
        this.received = received;
        this.clock = clock;
        long every = Math.max(1, settings.writerLease().toMillis() / 3);
        // A periodic task that throws is never run again; under the supervisor nothing is thrown out of a renewal.
        ScheduledFuture<?> renewing = heartbeat.scheduleWithFixedDelay(
                () -> loops.iterate(HEARTBEAT, this::renewLeases), every, every, TimeUnit.MILLISECONDS);
        heartbeatWatch = loops.watch(HEARTBEAT, () -> !renewing.isDone());
    }

    /**
     * Appends the body, which came in {@code protocol}, at {@code offset}; answers the new offset (the upload's length
     * once complete).
     */
    long receive(
            UploadRecord upload,
            UploadProtocol protocol,
            long offset,
            InputStream body,
            long contentLength,
            @Nullable ChunkChecksum checksum) {
        if (contentLength > upload.length() - offset) {
            throw ProblemException.invalid(
                    "Content-Length",
                    "The body is longer than the " + (upload.length() - offset) + " bytes this upload still needs.");
        }
        String writer = UUID.randomUUID().toString();
        if (!rows.acquire(upload.uploadId(), offset, writer, settings.writerLease())) {
            throw refusal(upload, offset);
        }
        MessageDigest fileDigest = offset == 0 ? sha256() : digests.take(upload.uploadId(), offset);
        UploadTransfer transfer = new UploadTransfer(
                body, fileDigest, checksum == null ? null : digest(checksum.algorithm()), settings.minRate());
        writing.put(writer, transfer);
        try {
            return receive(upload, protocol, offset, transfer, checksum, writer);
        } finally {
            writing.remove(writer);
            rows.release(upload.uploadId(), writer);
        }
    }

    /** Completes an upload whose last byte arrived on an instance that died before completing it. */
    void completeStranded(UploadRecord upload) {
        String writer = UUID.randomUUID().toString();
        if (rows.acquire(upload.uploadId(), upload.length(), writer, settings.writerLease())) {
            try {
                completion.complete(upload, StagedBytes.state(upload.staging()), writer, null);
            } finally {
                rows.release(upload.uploadId(), writer);
            }
        }
    }

    private long receive(
            UploadRecord upload,
            UploadProtocol protocol,
            long offset,
            UploadTransfer transfer,
            @Nullable ChunkChecksum checksum,
            String writer) {
        Staging staging = store.staging();
        StagedState state;
        try {
            if (upload.staging() == null) {
                state = staging.begin(
                        StagedBytes.stagingKey(upload.uploadId()),
                        media.originalKey(Subject.of(upload.subject()), MediaId.of(upload.mediaId())));
                // Known before the first byte, so nothing staged is ever unreferenced (unless the machine fails before
                // the commit reaches the disk; the reconciler removes such bytes).
                recorded(
                        upload,
                        writer,
                        state,
                        rows.stagingBegun(
                                upload.uploadId(),
                                writer,
                                StagedBytes.json(state),
                                settings.writerLease(),
                                settings.expiry()));
            } else {
                state = StagedBytes.state(upload.staging());
            }
            if (checksum != null) {
                // A checked chunk is all or nothing: recorded only once its checksum holds.
                AppendResult result = staging.append(state, transfer.segment(upload.length() - offset));
                if (result.sourceFailed()
                        || !MessageDigest.isEqual(transfer.chunkDigest().digest(), checksum.expected())) {
                    digests.forget(upload.uploadId());
                    // Recorded nowhere, so if the upload ended meanwhile nobody else would remove these bytes.
                    if (bytes.removeIfEnded(upload.uploadId(), upload.subject(), StagedBytes.json(result.state()))) {
                        throw ended(upload);
                    }
                    if (result.sourceFailed()) {
                        if (transfer.tooSlow()) {
                            throw tooSlow(upload, offset);
                        }
                        return offset;
                    }
                    throw new ProblemException(
                            UploadProblem.CHECKSUM_MISMATCH,
                            "The chunk does not match its Upload-Checksum; nothing of it was kept. Send it again.");
                }
                record(upload, writer, state, result.state(), protocol);
                state = result.state();
            } else {
                while (state.length() < upload.length()) {
                    long segment = Math.min(settings.checkpoint().toBytes(), upload.length() - state.length());
                    AppendResult result = staging.append(state, transfer.segment(segment));
                    record(upload, writer, state, result.state(), protocol);
                    state = result.state();
                    if (result.sourceFailed()) {
                        log.debug(
                                "Upload {} cut off at {} of {} bytes",
                                upload.uploadId(),
                                state.length(),
                                upload.length());
                        break;
                    }
                    if (transfer.ended() || result.appended() < segment) {
                        break;
                    }
                }
            }
        } catch (UncheckedIOException storeFailed) {
            digests.forget(upload.uploadId());
            throw new ProblemException(
                            CommonProblem.SERVICE_UNAVAILABLE,
                            "The bytes could not be stored; HEAD the upload and send the rest again.",
                            storeFailed)
                    .retryAfter(Duration.ofSeconds(5));
        } catch (ObjectNotFoundException gone) {
            digests.forget(upload.uploadId());
            rows.fail(upload.uploadId(), writer, UploadProblem.UPLOAD_GONE.slug(), "The staged bytes are gone.");
            throw new ProblemException(
                    UploadProblem.UPLOAD_GONE, "The bytes of this upload are gone; announce the file again.");
        }
        if (state.length() < upload.length()) {
            if (transfer.fileDigest() != null) {
                digests.put(upload.uploadId(), state.length(), transfer.fileDigest());
            }
            if (transfer.tooSlow()) {
                throw tooSlow(upload, state.length());
            }
            return state.length();
        }
        String sha256 = transfer.fileDigest() == null
                ? null
                : HexFormat.of().formatHex(transfer.fileDigest().digest());
        completion.complete(upload, state, writer, sha256);
        return upload.length();
    }

    /**
     * Records progress from {@code before} to {@code state} and counts the bytes it kept. If the lease went to another
     * request meanwhile, this one steps back (409) and touches nothing. If the upload ended meanwhile (withdrawal,
     * termination, expiry, a purge that deleted its row), this request removes the bytes it wrote: they may have
     * arrived after the upload's bytes were removed.
     */
    private void record(
            UploadRecord upload, String writer, StagedState before, StagedState state, UploadProtocol protocol) {
        String json = StagedBytes.json(state);
        boolean recorded = state.length() < upload.length()
                ? rows.progress(
                        upload.uploadId(), writer, state.length(), json, settings.writerLease(), settings.expiry())
                // The last byte is in: the completion's commit, which follows at once, makes this one durable too.
                : rows.arrived(upload.uploadId(), writer, json, settings.writerLease(), settings.expiry());
        recorded(upload, writer, state, recorded);
        received.add(protocol, state.length() - before.length());
    }

    /** Steps back or cleans up when recording {@code state} found the lease lost or the upload ended. */
    private void recorded(UploadRecord upload, String writer, StagedState state, boolean recorded) {
        if (recorded) {
            return;
        }
        String json = StagedBytes.json(state);
        digests.forget(upload.uploadId());
        if (!bytes.removeIfEnded(upload.uploadId(), upload.subject(), json)) {
            throw busy();
        }
        throw ended(upload);
    }

    /** The answer to a request whose upload ended while it wrote: 403 if consent was withdrawn, else upload-gone. */
    private ProblemException ended(UploadRecord upload) {
        consent.require(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING);
        return new ProblemException(
                UploadProblem.UPLOAD_GONE, "The upload ended while this request was writing to it.");
    }

    /** Why the lease was not granted: consent, the upload ended, the offset moved on, or another request writes. */
    private ProblemException refusal(UploadRecord upload, long offset) {
        consent.require(Subject.of(upload.subject()), Purpose.CLOUD_PROCESSING);
        UploadRecord now = rows.find(upload.uploadId(), upload.subject()).orElseThrow();
        if (!now.isOpen() || now.isExpiredAt(clock.instant())) {
            return new ProblemException(
                    UploadProblem.UPLOAD_GONE,
                    "The upload is " + (now.isOpen() ? "expired" : now.state().value()) + ".");
        }
        if (now.offset() != offset) {
            return new UploadRefused(
                            UploadProblem.OFFSET_MISMATCH,
                            "The upload stands at " + now.offset() + ", not " + offset
                                    + "; HEAD it and continue from there.")
                    .standingAt(now.offset());
        }
        return busy();
    }

    /**
     * The answer to a request cut off below the minimum rate, after what it brought was recorded: the client resumes
     * at {@code offset}. The rest of the body is left unread (Tomcat drops the connection after a 408 without reading
     * it).
     */
    private static ProblemException tooSlow(UploadRecord upload, long offset) {
        log.debug(
                "Upload {} cut off below the minimum rate at {} of {} bytes",
                upload.uploadId(),
                offset,
                upload.length());
        return new UploadRefused(
                        UploadProblem.UPLOAD_TOO_SLOW,
                        "The body arrived below the minimum rate and was cut off;" + " the bytes up to " + offset
                                + " are kept. HEAD the upload and send the rest.")
                .standingAt(offset)
                .leavingBodyUnread();
    }

    private static ProblemException busy() {
        return new ProblemException(
                        UploadProblem.UPLOAD_BUSY,
                        "Another request is writing to this upload; retry once it has ended.")
                .retryAfter(Duration.ofSeconds(1));
    }

    /**
     * Keeps the leases of requests still streaming here, and stops those whose upload ended meanwhile (a
     * withdrawal, a termination) instead of letting them write on.
     */
    void renewLeases() {
        // Only the writers asked about can be judged: a request that registers while the renewal runs is missing
        // from the answer although its upload is open, and must not be stopped for that.
        Set<String> asked = Set.copyOf(writing.keySet());
        Set<String> alive = Set.copyOf(rows.renew(asked, settings.writerLease()));
        for (String writer : asked) {
            UploadTransfer transfer = writing.get(writer);
            if (transfer != null && !alive.contains(writer)) {
                transfer.abort();
            }
        }
    }

    @Override
    public void destroy() {
        heartbeatWatch.close();
        heartbeat.shutdownNow();
    }

    static String sha256Of(InputStream in) throws IOException {
        MessageDigest sha256 = sha256();
        try (DigestInputStream digesting = new DigestInputStream(in, sha256)) {
            digesting.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static MessageDigest sha256() {
        return digest("SHA-256");
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
