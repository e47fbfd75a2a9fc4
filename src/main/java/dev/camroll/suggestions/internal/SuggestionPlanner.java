package dev.camroll.suggestions.internal;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.camroll.media.Shot;
import dev.camroll.suggestions.SuggestionSettings;

/**
 * What a user's shots add up to, from scratch: every suggestion they support today. Pure: the same shots and
 * settings give the same candidates, which {@link SuggestionReconciler} then matches with what the user has.
 */
final class SuggestionPlanner {

    private final SuggestionSettings settings;

    private final MomentClusterer clusterer;

    private final ThemeFinder themes;

    SuggestionPlanner(SuggestionSettings settings) {
        this.settings = settings;
        this.clusterer = new MomentClusterer(settings);
        this.themes = new ThemeFinder(settings);
    }

    /** The candidates of {@code shots} (in any order) on {@code context}'s day, with its occasions and consent. */
    List<Candidate> plan(List<Shot> shots, ThemeFinder.Context context) {
        List<Moment> moments = clusterer.moments(shots);
        List<Candidate> candidates = new ArrayList<>();
        for (Moment moment : moments) {
            collage(moment, candidates);
        }
        recaps(moments, candidates);
        candidates.addAll(themes.themes(moments, context));
        return candidates;
    }

    /** A COLLAGE of a moment with enough distinct shots: its best, in capture order. */
    private void collage(Moment moment, List<Candidate> candidates) {
        if (moment.shots().size() < settings.collageMinShots()) {
            return;
        }
        List<Shot> shown = moment.best(settings.collageMaxShots());
        candidates.add(new Candidate(
                Candidate.Kind.COLLAGE,
                null,
                Candidate.MOMENT,
                Titles.moment(moment.firstLocal(), moment.lastLocal()),
                Titles.photos(moment.shots().size()),
                moment.firstInstant(),
                moment.lastInstant(),
                ids(shown),
                moment.mediaIds(),
                moment.cover().mediaId(),
                null,
                null));
    }

    /**
     * A RECAP per calendar month (local time) with enough distinct shots from enough moments: the best shots taken
     * in turn from each moment, best moments first, so one busy day does not fill the mosaic and a late highlight is
     * not left out; its cover is the best of them.
     */
    private void recaps(List<Moment> moments, List<Candidate> candidates) {
        Map<YearMonth, List<List<Shot>>> byMonth = new LinkedHashMap<>();
        for (Moment moment : moments) {
            Map<YearMonth, List<Shot>> parts = new LinkedHashMap<>();
            for (Shot shot : moment.shots()) {
                parts.computeIfAbsent(YearMonth.from(shot.takenLocal()), m -> new ArrayList<>())
                        .add(shot);
            }
            parts.forEach((month, part) ->
                    byMonth.computeIfAbsent(month, m -> new ArrayList<>()).add(part));
        }
        byMonth.forEach((month, parts) -> {
            int count = parts.stream().mapToInt(List::size).sum();
            if (count < settings.recapMinShots() || parts.size() < settings.recapMinMoments()) {
                return;
            }
            // Moments by their best shot, bigger moments a little ahead (a wedding before a lunch snapshot), so the
            // mosaic shows the month's best moments wherever in the month they are; each moment's shots best first.
            List<List<Shot>> ranked = parts.stream()
                    .map(part -> part.stream()
                            .sorted(Comparator.comparingDouble(Moment::quality).reversed())
                            .toList())
                    .sorted(Comparator.comparingDouble(
                                    (List<Shot> part) -> Moment.quality(part.get(0)) + Math.log(part.size()))
                            .reversed())
                    .toList();
            List<Shot> chosen = new ArrayList<>();
            for (int round = 0; chosen.size() < settings.recapMaxShots(); round++) {
                boolean any = false;
                for (List<Shot> part : ranked) {
                    if (round < part.size() && chosen.size() < settings.recapMaxShots()) {
                        chosen.add(part.get(round));
                        any = true;
                    }
                }
                if (!any) {
                    break;
                }
            }
            List<Shot> all = parts.stream().flatMap(List::stream).toList();
            List<Shot> shown = all.stream().filter(chosen::contains).toList();
            candidates.add(new Candidate(
                    Candidate.Kind.RECAP,
                    null,
                    "recap:" + month,
                    Titles.recap(month),
                    Titles.photos(count) + " from " + parts.size() + " moments",
                    all.stream()
                            .map(Shot::takenAt)
                            .min(Comparator.naturalOrder())
                            .orElseThrow(),
                    all.stream()
                            .map(Shot::takenAt)
                            .max(Comparator.naturalOrder())
                            .orElseThrow(),
                    ids(shown),
                    ids(all),
                    chosen.get(0).mediaId(),
                    null,
                    null));
        });
    }

    private static List<UUID> ids(List<Shot> shots) {
        return shots.stream().map(Shot::mediaId).toList();
    }
}
