package dev.camroll.client;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import dev.camroll.client.LogConsistency.Outcome;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a reader who kept a checkpoint concludes from the next one: same, extended, forked, rolled back, rewritten. */
class LogConsistencyTests {

    static final String ORIGIN = "camroll.example/v1/consent/log";

    TestLog log;

    @BeforeEach
    void aLogOfTwelveEntries() {
        log = new TestLog(ORIGIN);
        for (int i = 0; i < 12; i++) {
            log.append(new byte[] {(byte) i, 1, 2});
        }
    }

    @Test
    void theSameCheckpointAgainIsTheSame() {
        assertThat(LogConsistency.check(log.openCheckpoint(7), log.openCheckpoint(7), ConsistencyProofs.none())
                        .outcome())
                .isEqualTo(Outcome.SAME);
    }

    @Test
    void aLargerCheckpointExtendsTheKeptOneWhenItsConsistencyProofVerifies() {
        LogConsistency.Result result =
                LogConsistency.check(log.openCheckpoint(5), log.openCheckpoint(12), log::consistency);

        assertThat(result.outcome()).isEqualTo(Outcome.CONSISTENT);
        assertThat(result.failed()).isFalse();
    }

    @Test
    void withoutAConsistencyProofTwoSizesStayUncompared() {
        LogConsistency.Result result =
                LogConsistency.check(log.openCheckpoint(5), log.openCheckpoint(12), ConsistencyProofs.none());

        assertThat(result.outcome()).isEqualTo(Outcome.UNCHECKED);
        assertThat(result.failed()).isFalse();
    }

    @Test
    void twoCheckpointsOfOneSizeWithDifferentRootsAreAFork() {
        TestLog fork = forkAt(9);

        LogConsistency.Result result =
                LogConsistency.check(log.openCheckpoint(12), fork.openCheckpoint(12), ConsistencyProofs.none());

        assertThat(result.outcome()).isEqualTo(Outcome.FORK);
        assertThat(result.message()).contains("two checkpoints of 12 entries have different roots", "a fork");
    }

    @Test
    void aNewestCheckpointSmallerThanTheKeptOneIsARollbackEvenIfItIsAPrefix() {
        LogConsistency.Result result =
                LogConsistency.check(log.openCheckpoint(12), log.openCheckpoint(8), log::consistency);

        assertThat(result.outcome()).isEqualTo(Outcome.ROLLBACK);
        assertThat(result.message()).contains("has 8 entries, fewer than the 12");
        // Compared as two views, neither being the log's newest, the smaller one is a prefix of the larger.
        assertThat(LogConsistency.compare(log.openCheckpoint(12), log.openCheckpoint(8), log::consistency)
                        .outcome())
                .isEqualTo(Outcome.CONSISTENT);
    }

    @Test
    void aLargerTreeThatRewroteTheKeptOneIsInconsistent() {
        TestLog rewritten = forkAt(3);

        LogConsistency.Result result =
                LogConsistency.check(log.openCheckpoint(6), rewritten.openCheckpoint(12), rewritten::consistency);

        assertThat(result.outcome()).isEqualTo(Outcome.INCONSISTENT);
        assertThat(result.message()).contains("does not extend");
    }

    @Test
    void proofsGivenUpFrontServeOfflineAndAMalformedOneIsInconsistent() {
        List<String> hashes = new ArrayList<>();
        log.consistency(5, 12).forEach(hash -> hashes.add(Base64.getEncoder().encodeToString(hash)));
        ConsistencyProofs given = ConsistencyProofs.given(List.of(new Consent.ConsistencyProof(5, 12, hashes)));
        ConsistencyProofs malformed =
                ConsistencyProofs.given(List.of(new Consent.ConsistencyProof(5, 12, List.of("not base64"))));

        assertThat(LogConsistency.check(log.openCheckpoint(5), log.openCheckpoint(12), given)
                        .outcome())
                .isEqualTo(Outcome.CONSISTENT);
        assertThat(LogConsistency.check(log.openCheckpoint(6), log.openCheckpoint(12), given)
                        .outcome())
                .isEqualTo(Outcome.UNCHECKED);
        assertThat(LogConsistency.check(log.openCheckpoint(5), log.openCheckpoint(12), malformed)
                        .message())
                .contains("malformed");
    }

    @Test
    void checkpointsOfTwoLogsAreNotConsistent() {
        TestLog other = new TestLog("other.example/log");
        other.entries.addAll(log.entries);

        assertThat(LogConsistency.compare(log.openCheckpoint(12), other.openCheckpoint(12), ConsistencyProofs.none())
                        .outcome())
                .isEqualTo(Outcome.INCONSISTENT);
    }

    /** The same log (same key), with its entry {@code at} replaced: what a rewriting operator would sign. */
    private TestLog forkAt(int at) {
        TestLog fork = new TestLog(ORIGIN, log.key);
        fork.entries.addAll(log.entries);
        fork.entries.set(at, new byte[] {9, 9, 9});
        return fork;
    }
}
