package dev.camroll.suggestions.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import dev.camroll.media.Shot;

/** Shots for the engine's tests, built by small calls: when, where, and how good. */
final class Shots {

    private static long next = 1;

    private Shots() {}

    /** A crisp, distinct shot taken at {@code local} (UTC), without a position. */
    static Shot at(String local) {
        return at(local, null, null);
    }

    /** A crisp, distinct shot taken at {@code local} (UTC) at a position. */
    static Shot at(String local, Double latitude, Double longitude) {
        LocalDateTime time = LocalDateTime.parse(local);
        long n = next++;
        // Hashes far apart: a multiplicative spread makes any two differ in about half their bits.
        long hash = n * 0x9E3779B97F4A7C15L;
        return new Shot(
                new UUID(0, n),
                time,
                time.toInstant(ZoneOffset.UTC),
                latitude,
                longitude,
                1280,
                960,
                hash,
                500,
                0.5,
                40,
                0.1);
    }

    /** A crisp, distinct shot with its own wall-clock time, instant, position and warmth. */
    static Shot taken(String local, String instant, Double latitude, Double longitude, double warmth) {
        long n = next++;
        return new Shot(
                new UUID(0, n),
                LocalDateTime.parse(local),
                Instant.parse(instant),
                latitude,
                longitude,
                1280,
                960,
                n * 0x9E3779B97F4A7C15L,
                500,
                0.5,
                40,
                warmth);
    }

    /** The same picture as {@code shot} a moment later, {@code bits} hash bits apart, with this sharpness. */
    static Shot nearDuplicateOf(Shot shot, int bits, double sharpness) {
        long n = next++;
        long hash = shot.differenceHash() ^ ((1L << bits) - 1);
        LocalDateTime time = shot.takenLocal().plusSeconds(2);
        return new Shot(
                new UUID(0, n),
                time,
                time.toInstant(ZoneOffset.UTC),
                shot.latitude(),
                shot.longitude(),
                shot.width(),
                shot.height(),
                hash,
                sharpness,
                shot.brightness(),
                shot.colourfulness(),
                shot.warmth());
    }
}
