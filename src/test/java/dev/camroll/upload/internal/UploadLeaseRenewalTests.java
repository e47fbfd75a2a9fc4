package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.camroll.consent.ConsentGate;
import dev.camroll.media.MediaLibrary;
import dev.camroll.runtime.LoopSupervisor;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadSettings;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/** The heartbeat that renews the writer leases of the requests streaming in an instance. */
class UploadLeaseRenewalTests extends UploadTest {

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    JdbcClient jdbcClient;

    @Autowired
    UploadRows rows;

    @Autowired
    UploadSettings uploadSettings;

    @Autowired
    MediaLibrary media;

    @Autowired
    DigestCache digests;

    @Autowired
    UploadCompletion completion;

    @Autowired
    ConsentGate consent;

    @Autowired
    StagedBytes bytes;

    @Autowired
    ReceivedBytes received;

    @Autowired
    Clock clock;

    @Autowired
    LoopSupervisor loops;

    @Autowired
    PlatformTransactionManager transactions;

    /**
     * A request that begins while a renewal's statement runs is missing from that statement's answer although its
     * upload is open; it must stream on, not be cut off as if its upload had ended (seen in the analysis benchmark as
     * a PATCH of a whole file answered 204 at an offset short of its length).
     */
    @Test
    void aRequestThatBeginsWhileLeasesAreRenewedStreamsOn() throws Exception {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(120_000, 58), "image/jpeg", "photo");
        UploadRecord upload = rows.find(UploadId.of(UUID.fromString(TusUploads.uploadId(announced))), user)
                .orElseThrow();
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(client, 64 * 1024);
        CountDownLatch streaming = new CountDownLatch(1);
        CompletableFuture<Long> answered = new CompletableFuture<>();
        RowsRenewingWhileARequestBegins renewing =
                new RowsRenewingWhileARequestBegins(jdbcClient, events, transactions, streaming);
        UploadReceiver receiver = new UploadReceiver(
                renewing, uploadSettings, store, media, digests, completion, consent, bytes, received, clock, loops);
        try {
            renewing.whileRenewing = () -> {
                new Thread(
                                () -> {
                                    try {
                                        answered.complete(receiver.receive(
                                                upload, UploadProtocol.TUS, 0, body, announced.content().length, null));
                                    } catch (RuntimeException e) {
                                        answered.completeExceptionally(e);
                                    }
                                },
                                "patch-beginning-during-renewal")
                        .start();
                await(streaming);
            };

            receiver.renewLeases();
            CompletableFuture.runAsync(() -> {
                try (client) {
                    client.write(announced.content());
                } catch (java.io.IOException readerGone) {
                    // the request stopped reading; the answer tells how far it got
                }
            });

            assertThat(answered.get(30, TimeUnit.SECONDS)).isEqualTo(announced.content().length);
            assertThat(uploads.offset(announced)).isEqualTo(announced.content().length);
        } finally {
            receiver.destroy();
        }
    }

    /**
     * A renewal that runs out of memory must not end the heartbeat: a periodic task that throws is never run again, and
     * the streams of users who withdraw afterwards would write on. Here the stream is a phone on a slow network that
     * never sends the whole file, so only the heartbeat can stop it.
     */
    @Test
    void anOutOfMemoryErrorInARenewalLeavesTheHeartbeatStoppingTheStreamOfAUserWhoWithdraws() throws Exception {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(120_000, 59), "image/jpeg", "photo");
        UploadRecord upload = rows.find(UploadId.of(UUID.fromString(TusUploads.uploadId(announced))), user)
                .orElseThrow();
        String admin = token(newUser("operator"), "admin");
        double restartsBefore = restarts(admin);
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(client, 64 * 1024);
        CompletableFuture<Long> answered = new CompletableFuture<>();
        RowsFailingOnce failingOnce = new RowsFailingOnce(jdbcClient, events, transactions);
        UploadSettings shortLease = new UploadSettings(
                uploadSettings.expiry(),
                uploadSettings.maxFileSize(),
                uploadSettings.checkpoint(),
                Duration.ofSeconds(3),
                uploadSettings.acceptedMimeTypes(),
                uploadSettings.minRate(),
                uploadSettings.concurrentPerUser(),
                uploadSettings.concurrentPerInstance(),
                uploadSettings.interimResponses(),
                uploadSettings.slotValidity(),
                uploadSettings.slotRequestsPerMinute());
        UploadReceiver receiver = new UploadReceiver(
                failingOnce, shortLease, store, media, digests, completion, consent, bytes, received, clock, loops);
        try {
            new Thread(
                            () -> {
                                try {
                                    answered.complete(receiver.receive(
                                            upload, UploadProtocol.TUS, 0, body, announced.content().length, null));
                                } catch (RuntimeException e) {
                                    answered.completeExceptionally(e);
                                }
                            },
                            "patch-on-a-slow-network")
                    .start();
            client.write(announced.content(), 0, 1000);
            await(failingOnce.failed);

            assertThat(withdraw(uploads.token(), "cloud_processing").status()).isEqualTo(200);
            int[] sent = {1000};
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!answered.isDone() && sent[0] + 100 < announced.content().length) {
                            try {
                                client.write(
                                        announced.content(), sent[0], 100); // a little more now and then, never all
                                sent[0] += 100;
                            } catch (IOException readerGone) {
                                // the request has stopped reading
                            }
                        }
                        return answered.isDone();
                    });

            assertThat(answered)
                    .as("the stream was stopped, not left to write on")
                    .isCompletedExceptionally();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(restarts(admin))
                            .as("counted at /actuator/prometheus")
                            .isGreaterThan(restartsBefore));
        } finally {
            receiver.destroy();
            client.close();
        }
    }

    /** The value of {@code camroll_loops_restarts_total} for the heartbeat, as an operator's scraper reads it. */
    private double restarts(String adminToken) {
        String metrics =
                api.get("/actuator/prometheus").token(adminToken).send().body();
        String sample = "camroll_loops_restarts_total{loop=\"" + UploadReceiver.HEARTBEAT + "\"} ";
        return metrics.lines()
                .filter(line -> line.startsWith(sample))
                .mapToDouble(line -> Double.parseDouble(line.substring(sample.length())))
                .findFirst()
                .orElse(0);
    }

    /** The upload rows, where the first renewal of a streaming request runs out of memory. */
    static final class RowsFailingOnce extends UploadRows {

        final CountDownLatch failed = new CountDownLatch(1);

        private final AtomicBoolean thrown = new AtomicBoolean();

        RowsFailingOnce(JdbcClient jdbc, ApplicationEventPublisher events, PlatformTransactionManager transactions) {
            super(jdbc, events, transactions);
        }

        @Override
        List<String> renew(Collection<String> writers, Duration lease) {
            if (!writers.isEmpty() && thrown.compareAndSet(false, true)) {
                failed.countDown();
                throw new OutOfMemoryError("Java heap space (thrown by the test)");
            }
            return super.renew(writers, lease);
        }
    }

    /**
     * The upload rows, where a request begins (and records that it streams) while a renewal's statement runs, after
     * the renewal has read which writers to renew.
     */
    static final class RowsRenewingWhileARequestBegins extends UploadRows {

        private final CountDownLatch streaming;

        volatile Runnable whileRenewing = () -> {};

        RowsRenewingWhileARequestBegins(
                JdbcClient jdbc,
                ApplicationEventPublisher events,
                PlatformTransactionManager transactions,
                CountDownLatch streaming) {
            super(jdbc, events, transactions);
            this.streaming = streaming;
        }

        @Override
        List<String> renew(Collection<String> writers, Duration lease) {
            List<String> renewed = super.renew(List.copyOf(writers), lease);
            Runnable during = whileRenewing;
            whileRenewing = () -> {};
            during.run();
            return renewed;
        }

        @Override
        boolean stagingBegun(UploadId uploadId, String writer, String staging, Duration lease, Duration expiry) {
            boolean held = super.stagingBegun(uploadId, writer, staging, lease, expiry);
            streaming.countDown(); // recorded before the first byte is read
            return held;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
