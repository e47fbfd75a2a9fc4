package dev.camroll.jobs;

import java.time.Instant;
import java.util.UUID;

import dev.camroll.jobs.internal.JobPayloads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A kind's payload is stored as JSON by one mapper and read back as its record, across deploys. */
class JobKindTests {

    record Dropped(UUID mediaId, Instant withdrawnAt) {}

    private static final JobKind<Dropped> DROPPED = JobKind.of("dropped-for-test", Dropped.class);

    @Test
    void aPayloadReadsBackAsTheRecordItWasWrittenFrom() {
        Dropped payload = new Dropped(UUID.randomUUID(), Instant.parse("2026-12-07T10:15:30.123456Z"));
        assertThat(DROPPED.read(job(JobPayloads.write(payload)))).isEqualTo(payload);
    }

    @Test
    void aPayloadWrittenByAnotherVersionStillReads() {
        UUID mediaId = UUID.randomUUID();
        // Written before this shape (the old hand-built JSON), and by a newer instance with a member this one lacks.
        assertThat(DROPPED.read(job("{\"mediaId\":\"" + mediaId + "\",\"withdrawnAt\":\"2026-12-07T10:15:30Z\"}")))
                .isEqualTo(new Dropped(mediaId, Instant.parse("2026-12-07T10:15:30Z")));
        assertThat(DROPPED.read(job("{\"mediaId\":\"" + mediaId + "\",\"later\":1}"))
                        .mediaId())
                .isEqualTo(mediaId);
    }

    @Test
    void aPayloadThatIsNotTheKindsRecordFailsTheJobForGood() {
        assertThatThrownBy(() -> DROPPED.read(job("{\"mediaId\":\"not-a-uuid\"}")))
                .isInstanceOf(PermanentJobFailure.class);
        assertThatThrownBy(() -> DROPPED.read(job("[1, 2]"))).isInstanceOf(PermanentJobFailure.class);
        assertThatThrownBy(() -> DROPPED.read(job("null"))).isInstanceOf(PermanentJobFailure.class);
    }

    @Test
    void aKindsTypeIsAStoredNameOfLowerCaseLettersDigitsDotsAndDashes() {
        assertThatIllegalArgumentException().isThrownBy(() -> JobKind.of("Analyze Media", Dropped.class));
        assertThatIllegalArgumentException().isThrownBy(() -> JobKind.of("", Dropped.class));
    }

    private static Job job(String payload) {
        return new Job(UUID.randomUUID(), DROPPED.type(), null, payload, 1, 5);
    }
}
