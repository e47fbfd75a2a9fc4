package dev.camroll.jobs.internal;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTests {

    private static final Duration BASE = Duration.ofSeconds(2);

    private static final Duration MAX = Duration.ofMinutes(10);

    @Test
    void theWaitDoublesPerAttemptBetweenHalfAndAllOfIt() {
        Backoff shortest = new Backoff(BASE, MAX, () -> 0.0);
        Backoff longest = new Backoff(BASE, MAX, () -> 1.0);

        assertThat(shortest.after(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(longest.after(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(shortest.after(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(longest.after(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(new Backoff(BASE, MAX, () -> 0.5).after(2)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void theWaitNeverExceedsTheMaximumHoweverManyAttempts() {
        Backoff longest = new Backoff(BASE, MAX, () -> 1.0);

        assertThat(longest.after(10)).isEqualTo(MAX);
        assertThat(longest.after(1_000)).isEqualTo(MAX);
        assertThat(new Backoff(BASE, MAX, () -> 0.0).after(1_000)).isEqualTo(MAX.dividedBy(2));
    }
}
