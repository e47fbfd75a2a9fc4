package dev.camroll.upload.internal;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;

import dev.camroll.upload.UploadSettings;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The minimum rate of a body, judged by the time spent waiting for the client (100 bytes per 300 ms here). */
class UploadTransferTests {

    private static final UploadSettings.MinRate RATE =
            new UploadSettings.MinRate(DataSize.ofBytes(100), Duration.ofMillis(300), Duration.ZERO);

    @Test
    void aClientThatSendsBelowTheMinimumRateFailsItsNextRead() throws IOException {
        UploadTransfer transfer = new UploadTransfer(new Client(Duration.ofMillis(100)), null, null, RATE);
        byte[] buffer = new byte[10];
        int read = 0;
        long started = System.nanoTime();

        while (System.nanoTime() - started < Duration.ofSeconds(5).toNanos()) {
            try {
                read += transfer.read(buffer, 0, buffer.length);
            } catch (UploadTransfer.TooSlow e) {
                break;
            }
        }

        assertThat(transfer.tooSlow()).isTrue();
        assertThat(transfer.bytesRead()).isEqualTo(read).isBetween(3L, 10L);
    }

    @Test
    void timeTheServerSpendsBetweenReadsDoesNotCountAgainstTheClient() throws Exception {
        UploadTransfer transfer = new UploadTransfer(new Client(Duration.ZERO), null, null, RATE);
        byte[] buffer = new byte[10];

        for (int i = 0; i < 8; i++) {
            assertThat(transfer.read(buffer, 0, buffer.length)).isEqualTo(1);
            Thread.sleep(200); // storing a checkpoint, slowly: 1.6 s in all, far beyond the 300 ms window
        }

        assertThat(transfer.tooSlow()).isFalse();
    }

    @Test
    void aClientThatSendsNothingUntilTheReadTimesOutIsTooSlow() {
        InputStream silent = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new SocketTimeoutException("read timed out");
            }
        };
        UploadTransfer transfer = new UploadTransfer(silent, null, null, RATE);

        assertThatThrownBy(() -> transfer.read(new byte[10], 0, 10)).isInstanceOf(SocketTimeoutException.class);
        assertThat(transfer.tooSlow()).isTrue();
    }

    /** A client that sends one byte per read, each after {@code pause}. */
    private static final class Client extends InputStream {

        private final Duration pause;

        Client(Duration pause) {
            this.pause = pause;
        }

        @Override
        public int read() throws IOException {
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return 'x';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            buffer[offset] = (byte) read();
            return 1;
        }
    }
}
