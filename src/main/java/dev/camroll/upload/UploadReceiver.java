package dev.camroll.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemType;
import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.media.MediaLibrary;
import dev.camroll.storage.AppendResult;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StagedState;
import dev.camroll.storage.Staging;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Receives the bytes of one request into an upload (tus PATCH, or creation-with-upload) and, when the last byte
 * lands, hands the file to {@link UploadCompletion}. Holds the upload's writer lease for the whole request (renewed
 * every few seconds while it streams) so a racing request gets 409; records durable progress every checkpoint, so
 * what an instance had acknowledged survives it; never holds more than the store's bounded buffer in memory.
 */
@Component
class UploadReceiver {

    private static final Logger log = LoggerFactory.getLogger(UploadReceiver.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A chunk checksum (tus checksum extension): algorithm and expected digest. */
    record ChunkChecksum(String algorithm, byte[] expected) {
    }

    private final UploadRows rows;

    private final UploadSettings settings;

    private final ObjectStore store;

    private final MediaLibrary media;

    private final DigestCache digests;

    private final UploadCompletion completion;

    private final ConsentGate consent;

    private final Set<String> writers = ConcurrentHashMap.newKeySet();

    UploadReceiver(UploadRows rows, UploadSettings settings, ObjectStore store, MediaLibrary media, DigestCache digests,
            UploadCompletion completion, ConsentGate consent) {
        this.consent = consent;
        this.rows = rows;
        this.settings = settings;
        this.store = store;
        this.media = media;
        this.digests = digests;
        this.completion = completion;
    }

    /** Appends the body at {@code offset}; answers the new offset (the upload's length once complete). */
    long receive(UploadRecord upload, long offset, InputStream body, long contentLength, ChunkChecksum checksum) {
        if (contentLength > upload.length() - offset) {
            throw ProblemException.invalid("Content-Length", "The body is longer than the " + (upload.length() - offset)
                    + " bytes this upload still needs.");
        }
        String writer = UUID.randomUUID().toString();
        if (!rows.acquire(upload.uploadId(), offset, writer, settings.writerLease())) {
            throw refusal(upload, offset);
        }
        writers.add(writer);
        try {
            return receive(upload, offset, body, checksum, writer);
        }
        finally {
            writers.remove(writer);
            rows.release(upload.uploadId(), writer);
        }
    }

    private long receive(UploadRecord upload, long offset, InputStream body, ChunkChecksum checksum, String writer) {
        Staging staging = store.staging();
        StagedState state = upload.staging() == null
                ? staging.begin("staging/" + upload.uploadId(), media.originalKey(upload.subject(), upload.mediaId()))
                : JSON.readValue(upload.staging(), StagedState.class);
        MessageDigest fileDigest = offset == 0 ? sha256() : digests.take(upload.uploadId(), offset);
        UploadTransfer transfer = new UploadTransfer(body, offset, fileDigest,
                checksum == null ? null : digest(checksum.algorithm()));
        byte[] head = null;
        try {
            if (checksum != null) {
                // A checked chunk is all or nothing: recorded only once its checksum holds.
                AppendResult result = staging.append(state, transfer.segment(upload.length() - offset));
                if (result.sourceFailed() || !MessageDigest.isEqual(transfer.chunkDigest().digest(), checksum.expected())) {
                    digests.forget(upload.uploadId());
                    if (result.sourceFailed()) {
                        return offset;
                    }
                    throw new ProblemException(ProblemType.CHECKSUM_MISMATCH,
                            "The chunk does not match its Upload-Checksum; nothing of it was kept. Send it again.");
                }
                state = result.state();
                head = transfer.head();
                record(upload, writer, state, head);
            }
            else {
                while (state.length() < upload.length()) {
                    long segment = Math.min(settings.checkpoint().toBytes(), upload.length() - state.length());
                    AppendResult result = staging.append(state, transfer.segment(segment));
                    state = result.state();
                    head = head == null ? transfer.head() : head;
                    record(upload, writer, state, head);
                    if (result.sourceFailed()) {
                        log.debug("Upload {} cut off at {} of {} bytes", upload.uploadId(), state.length(), upload.length());
                        break;
                    }
                    if (transfer.ended() || result.appended() < segment) {
                        break;
                    }
                }
            }
        }
        catch (UncheckedIOException storeFailed) {
            digests.forget(upload.uploadId());
            throw new ProblemException(ProblemType.SERVICE_UNAVAILABLE,
                    "The bytes could not be stored; HEAD the upload and send the rest again.", storeFailed);
        }
        if (state.length() < upload.length()) {
            if (fileDigest != null) {
                digests.put(upload.uploadId(), state.length(), fileDigest);
            }
            return state.length();
        }
        String sha256 = fileDigest == null ? null : HexFormat.of().formatHex(fileDigest.digest());
        completion.complete(upload, state, writer, sha256, head != null ? head : upload.headBytes());
        return upload.length();
    }

    /**
     * Records progress. When the upload ended meanwhile (consent withdrawn, terminated, expired) its bytes go too,
     * and the client learns why.
     */
    private void record(UploadRecord upload, String writer, StagedState state, byte[] head) {
        if (!rows.progress(upload.uploadId(), writer, state.length(), JSON.writeValueAsString(state), head,
                settings.writerLease())) {
            store.staging().discard(state);
            digests.forget(upload.uploadId());
            consent.require(upload.subject(), Purpose.CLOUD_PROCESSING);
            throw new ProblemException(ProblemType.UPLOAD_GONE, "The upload ended while this request was writing to it.");
        }
    }

    /** Why the lease was not granted: the offset moved on, the upload ended, or another request writes. */
    private ProblemException refusal(UploadRecord upload, long offset) {
        UploadRecord now = rows.find(upload.uploadId(), upload.subject()).orElseThrow();
        if (!now.isOpen() || now.isExpiredAt(Instant.now())) {
            return new ProblemException(ProblemType.UPLOAD_GONE, "The upload is " + now.state() + ".");
        }
        if (now.offset() != offset) {
            return new ProblemException(ProblemType.OFFSET_MISMATCH, "The upload stands at " + now.offset()
                    + ", not " + offset + "; HEAD it and continue from there.")
                .withHeader(TusProtocol.UPLOAD_OFFSET, String.valueOf(now.offset()));
        }
        return new ProblemException(ProblemType.UPLOAD_BUSY,
                "Another request is writing to this upload; retry once it has ended.");
    }

    /** Keeps the leases of requests still streaming here; a dead instance's leases run out instead. */
    @Scheduled(fixedDelayString = "${camroll.upload.writer-heartbeat:10s}")
    void renewLeases() {
        rows.renew(writers, settings.writerLease());
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
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
