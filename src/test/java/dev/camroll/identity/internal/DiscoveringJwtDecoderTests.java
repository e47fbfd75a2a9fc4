package dev.camroll.identity.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DiscoveringJwtDecoderTests {

    final MutableClock clock = new MutableClock();

    final AtomicInteger attempts = new AtomicInteger();

    boolean issuerUp;

    final JwtDecoder found = token ->
            Jwt.withTokenValue(token).header("alg", "RS256").subject("s").build();

    final DiscoveringJwtDecoder decoder = new DiscoveringJwtDecoder(
            "https://issuer.example",
            () -> {
                attempts.incrementAndGet();
                if (!issuerUp) {
                    throw new IllegalArgumentException("Unable to resolve the Configuration");
                }
                return found;
            },
            Duration.ofSeconds(10),
            clock);

    @Test
    void aFailedDiscoveryIsNotRetriedBeforeRetryAfterAndASuccessIsKept() {
        assertThatThrownBy(() -> decoder.decode("t"))
                .isInstanceOf(IssuerUnavailableException.class)
                .extracting(e -> ((IssuerUnavailableException) e).retryAfter())
                .isEqualTo(Duration.ofSeconds(10));
        clock.advance(Duration.ofSeconds(4));
        assertThatThrownBy(() -> decoder.decode("t"))
                .isInstanceOf(IssuerUnavailableException.class)
                .extracting(e -> ((IssuerUnavailableException) e).retryAfter())
                .isEqualTo(Duration.ofSeconds(6));
        assertThat(attempts).as("no second fetch within the Retry-After").hasValue(1);

        issuerUp = true;
        clock.advance(Duration.ofSeconds(6));
        assertThat(decoder.decode("t").getSubject()).isEqualTo("s");
        issuerUp = false;
        assertThat(decoder.decode("u").getTokenValue()).isEqualTo("u");
        assertThat(attempts).as("found once, then kept").hasValue(2);
    }

    static final class MutableClock extends Clock {

        private Instant now = Instant.parse("2026-12-07T09:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
