package dev.camroll.suggestions.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.camroll.media.Shot;
import dev.camroll.suggestions.SuggestionSettings;

/**
 * Splits a user's shots into moments: in local capture order, a moment ends where the next shot comes more than
 * {@code momentGap} later, or where it was taken more than {@code momentDistanceKm} from the moment's last geotagged
 * shot. Within a moment, shots whose difference hashes differ in at most {@code nearDuplicateBits} bits are one
 * picture, and only the best of them (by {@link Moment#quality}) stays.
 */
final class MomentClusterer {

    private static final double EARTH_RADIUS_KM = 6371.0088;

    private final Duration gap;

    private final double distanceKm;

    private final int nearDuplicateBits;

    MomentClusterer(SuggestionSettings settings) {
        this.gap = settings.momentGap();
        this.distanceKm = settings.momentDistanceKm();
        this.nearDuplicateBits = settings.nearDuplicateBits();
    }

    /** The moments of {@code shots}, oldest first; the shots need not be sorted. */
    List<Moment> moments(List<Shot> shots) {
        List<Shot> sorted = shots.stream()
                .sorted(Comparator.comparing(Shot::takenLocal).thenComparing(Shot::mediaId))
                .toList();
        List<Moment> moments = new ArrayList<>();
        List<Shot> current = new ArrayList<>();
        Shot lastGeotagged = null;
        for (Shot shot : sorted) {
            boolean split = !current.isEmpty()
                    && (Duration.between(current.get(current.size() - 1).takenLocal(), shot.takenLocal())
                                            .compareTo(gap)
                                    > 0
                            || shot.isGeotagged()
                                    && lastGeotagged != null
                                    && kilometres(lastGeotagged, shot) > distanceKm);
            if (split) {
                moments.add(distinct(current));
                current = new ArrayList<>();
                lastGeotagged = null;
            }
            current.add(shot);
            if (shot.isGeotagged()) {
                lastGeotagged = shot;
            }
        }
        if (!current.isEmpty()) {
            moments.add(distinct(current));
        }
        return moments;
    }

    /** The moment of these shots with each group of near-duplicates collapsed onto its best shot. */
    private Moment distinct(List<Shot> shots) {
        // Union-find over every pair: near-duplicates need not be neighbours (the same view before and after a turn).
        int[] group = new int[shots.size()];
        for (int i = 0; i < group.length; i++) {
            group[i] = i;
        }
        for (int i = 0; i < shots.size(); i++) {
            for (int j = i + 1; j < shots.size(); j++) {
                if (Long.bitCount(shots.get(i).differenceHash() ^ shots.get(j).differenceHash()) <= nearDuplicateBits) {
                    group[root(group, j)] = root(group, i);
                }
            }
        }
        Shot[] best = new Shot[shots.size()];
        for (int i = 0; i < shots.size(); i++) {
            int root = root(group, i);
            if (best[root] == null || Moment.quality(shots.get(i)) > Moment.quality(best[root])) {
                best[root] = shots.get(i);
            }
        }
        Set<Shot> bestOfGroups = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Shot shot : best) {
            if (shot != null) {
                bestOfGroups.add(shot);
            }
        }
        List<Shot> kept = shots.stream().filter(bestOfGroups::contains).toList();
        return new Moment(kept, shots.size() - kept.size());
    }

    private static int root(int[] group, int i) {
        while (group[i] != i) {
            group[i] = group[group[i]];
            i = group[i];
        }
        return i;
    }

    /** The great-circle distance (haversine, mean Earth radius). */
    static double kilometres(Shot a, Shot b) {
        return kilometres(a.latitude(), a.longitude(), b.latitude(), b.longitude());
    }

    /** The great-circle distance between two positions in degrees (haversine, mean Earth radius). */
    static double kilometres(double latitudeA, double longitudeA, double latitudeB, double longitudeB) {
        double lat1 = Math.toRadians(latitudeA);
        double lat2 = Math.toRadians(latitudeB);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(longitudeB - longitudeA);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
    }
}
