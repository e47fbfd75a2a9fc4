package dev.camroll.upload.internal;

import java.time.Instant;
import java.util.UUID;

import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadState;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How a stored upload reads: its state as stored, and as a client is shown it once its expiry has passed. */
class UploadRecordTests {

    private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void everyStoredStateReadsBackAsItsEnum() {
        for (UploadState state : UploadState.values()) {
            assertThat(UploadState.of(state.value())).isEqualTo(state);
        }
        assertThatThrownBy(() -> UploadState.of("processed")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOpenUploadPastItsExpiryWithoutItsLastByteIsShownExpired() {
        UploadRecord upload = upload(UploadState.OPEN, 10, NOW.minusSeconds(1));

        assertThat(upload.isExpiredAt(NOW)).isTrue();
        assertThat(upload.stateAt(NOW)).isEqualTo(UploadState.EXPIRED);
        assertThat(upload.stateAt(NOW.minusSeconds(2))).isEqualTo(UploadState.OPEN);
    }

    @Test
    void anOpenUploadWhoseLastByteArrivedIsNotExpiredPastItsExpiry() {
        UploadRecord upload = upload(UploadState.OPEN, 100, NOW.minusSeconds(60));

        assertThat(upload.isExpiredAt(NOW)).isFalse();
        assertThat(upload.stateAt(NOW)).isEqualTo(UploadState.OPEN);
    }

    @Test
    void anEndedUploadKeepsItsState() {
        assertThat(upload(UploadState.COMPLETED, 100, NOW.minusSeconds(60)).stateAt(NOW))
                .isEqualTo(UploadState.COMPLETED);
        assertThat(upload(UploadState.CANCELLED, 10, NOW.minusSeconds(60)).stateAt(NOW))
                .isEqualTo(UploadState.CANCELLED);
    }

    private static UploadRecord upload(UploadState state, long offset, Instant expiresAt) {
        return new UploadRecord(
                UploadId.of(UUID.randomUUID()),
                "someone",
                UUID.randomUUID(),
                "asset",
                "phone",
                UUID.randomUUID(),
                100,
                "a".repeat(64),
                "image/jpeg",
                "photo",
                null,
                offset,
                state,
                null,
                expiresAt,
                null,
                null);
    }
}
