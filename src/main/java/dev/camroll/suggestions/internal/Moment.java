package dev.camroll.suggestions.internal;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import dev.camroll.media.Shot;

/**
 * Shots taken together: in local capture order, without a long pause or a long way between them. Near-duplicates
 * (bursts, the same scene twice) are collapsed onto their best shot.
 *
 * @param shots the distinct shots, in local capture order
 * @param collapsed how many near-duplicates were collapsed onto them
 */
record Moment(List<Shot> shots, int collapsed) {

    Moment {
        shots = List.copyOf(shots);
    }

    LocalDateTime firstLocal() {
        return shots.get(0).takenLocal();
    }

    LocalDateTime lastLocal() {
        return shots.get(shots.size() - 1).takenLocal();
    }

    Instant firstInstant() {
        return shots.stream().map(Shot::takenAt).min(Comparator.naturalOrder()).orElseThrow();
    }

    Instant lastInstant() {
        return shots.stream().map(Shot::takenAt).max(Comparator.naturalOrder()).orElseThrow();
    }

    List<UUID> mediaIds() {
        return shots.stream().map(Shot::mediaId).toList();
    }

    /** The best {@code count} shots by {@link #quality}, in capture order. */
    List<Shot> best(int count) {
        List<Shot> best = shots.stream()
                .sorted(Comparator.comparingDouble(Moment::quality).reversed())
                .limit(count)
                .toList();
        return shots.stream().filter(best::contains).toList();
    }

    /** The shot with the highest {@link #quality}. */
    Shot cover() {
        return shots.stream().max(Comparator.comparingDouble(Moment::quality)).orElseThrow();
    }

    /**
     * How good a shot looks, to pick the best of several: sharpness counts most (on a log scale: a crisp photo has a
     * Laplacian variance in the hundreds or thousands, a shaken one under 50), then colour, less a penalty for a
     * photo far too dark or too bright.
     */
    static double quality(Shot shot) {
        return Math.log1p(shot.sharpness()) + shot.colourfulness() / 50 - 3 * Math.abs(shot.brightness() - 0.5);
    }
}
