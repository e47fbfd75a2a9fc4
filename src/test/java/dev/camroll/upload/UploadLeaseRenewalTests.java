package dev.camroll.upload;

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

import org.junit.jupiter.api.Test;

import dev.camroll.consent.ConsentGate;
import dev.camroll.media.MediaLibrary;
import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;

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
    Clock clock;

    /**
     * A request that begins while a renewal's statement runs is missing from that statement's answer although its
     * upload is open; it must stream on, not be cut off as if its upload had ended (seen in the analysis benchmark as
     * a PATCH of a whole file answered 204 at an offset short of its length).
     */
    @Test
    void aRequestThatBeginsWhileLeasesAreRenewedStreamsOn() throws Exception {
        TusUploads.Announced announced = uploads.announce(TestFiles.jpeg(120_000, 58), "image/jpeg", "photo");
        UploadRecord upload = rows.find(UUID.fromString(TusUploads.uploadId(announced)), user).orElseThrow();
        PipedOutputStream client = new PipedOutputStream();
        PipedInputStream body = new PipedInputStream(client, 64 * 1024);
        CountDownLatch streaming = new CountDownLatch(1);
        CompletableFuture<Long> answered = new CompletableFuture<>();
        RowsRenewingWhileARequestBegins renewing = new RowsRenewingWhileARequestBegins(jdbcClient, events, streaming);
        UploadReceiver receiver = new UploadReceiver(renewing, uploadSettings, store, media, digests, completion, consent,
                bytes, clock);
        try {
            renewing.whileRenewing = () -> {
                new Thread(() -> {
                    try {
                        answered.complete(receiver.receive(upload, 0, body, announced.content().length, null));
                    }
                    catch (RuntimeException e) {
                        answered.completeExceptionally(e);
                    }
                }, "patch-beginning-during-renewal").start();
                await(streaming);
            };

            receiver.renewLeases();
            CompletableFuture.runAsync(() -> {
                try (client) {
                    client.write(announced.content());
                }
                catch (java.io.IOException readerGone) {
                    // the request stopped reading; the answer tells how far it got
                }
            });

            assertThat(answered.get(30, TimeUnit.SECONDS)).isEqualTo(announced.content().length);
            assertThat(uploads.offset(announced)).isEqualTo(announced.content().length);
        }
        finally {
            receiver.destroy();
        }
    }

    /**
     * The upload rows, where a request begins (and records that it streams) while a renewal's statement runs, after
     * the renewal has read which writers to renew.
     */
    static final class RowsRenewingWhileARequestBegins extends UploadRows {

        private final CountDownLatch streaming;

        volatile Runnable whileRenewing = () -> {
        };

        RowsRenewingWhileARequestBegins(JdbcClient jdbc, ApplicationEventPublisher events, CountDownLatch streaming) {
            super(jdbc, events);
            this.streaming = streaming;
        }

        @Override
        List<String> renew(Collection<String> writers, Duration lease) {
            List<String> renewed = super.renew(List.copyOf(writers), lease);
            Runnable during = whileRenewing;
            whileRenewing = () -> {
            };
            during.run();
            return renewed;
        }

        @Override
        boolean progress(UUID uploadId, String writer, long offset, String staging, Duration lease, Duration expiry) {
            boolean held = super.progress(uploadId, writer, offset, staging, lease, expiry);
            streaming.countDown(); // the first progress is recorded before the first byte is read
            return held;
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
