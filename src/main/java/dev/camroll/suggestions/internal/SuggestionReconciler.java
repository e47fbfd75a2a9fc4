package dev.camroll.suggestions.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import dev.camroll.suggestions.SuggestionId;

/**
 * Matches a build's candidates with the suggestions the user has, so a suggestion keeps its id as its moment grows:
 * candidates with a stable anchor ("recap:2025-05") match by it; candidates of a moment match the suggestion of the
 * same kind whose shots they share most. A matched DISMISSED suggestion is left alone, so it never comes back.
 */
final class SuggestionReconciler {

    /** What a build changes. */
    record Changes(List<Candidate> added, List<Change> changed, List<StoredSuggestion> removed) {}

    /** A suggestion that stays, saying something else now. */
    record Change(StoredSuggestion before, Candidate after) {

        boolean showsOtherShots() {
            return !before.mediaIds().equals(after.mediaIds());
        }
    }

    private SuggestionReconciler() {}

    /** The changes that turn {@code existing} (the user's suggestions not removed) into {@code candidates}. */
    static Changes reconcile(List<StoredSuggestion> existing, List<Candidate> candidates) {
        Map<Integer, StoredSuggestion> matched = new HashMap<>(); // candidate index -> suggestion
        Map<SuggestionId, Boolean> taken = new HashMap<>();
        Map<String, StoredSuggestion> byAnchor = new HashMap<>();
        Map<UUID, List<StoredSuggestion>> byMedia = new HashMap<>();
        for (StoredSuggestion suggestion : existing) {
            if (Candidate.MOMENT.equals(suggestion.anchor())) {
                for (UUID media : suggestion.basisIds()) {
                    byMedia.computeIfAbsent(media, m -> new ArrayList<>()).add(suggestion);
                }
            } else {
                byAnchor.put(key(suggestion.kind(), suggestion.theme(), suggestion.anchor()), suggestion);
            }
        }
        record Overlap(int candidate, StoredSuggestion suggestion, int shared) {}
        List<Overlap> overlaps = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            Candidate candidate = candidates.get(i);
            if (!Candidate.MOMENT.equals(candidate.anchor())) {
                StoredSuggestion same = byAnchor.get(key(candidate.kind(), candidate.theme(), candidate.anchor()));
                if (same != null && taken.putIfAbsent(same.suggestionId(), true) == null) {
                    matched.put(i, same);
                }
                continue;
            }
            // Keyed by id: a suggestion's own hash would run over its lists of shots for every shared shot.
            Map<SuggestionId, Integer> shared = new HashMap<>();
            Map<SuggestionId, StoredSuggestion> sharing = new HashMap<>();
            for (UUID media : candidate.basisIds()) {
                for (StoredSuggestion suggestion : byMedia.getOrDefault(media, List.of())) {
                    if (suggestion.kind() == candidate.kind()
                            && Objects.equals(suggestion.theme(), candidate.theme())) {
                        shared.merge(suggestion.suggestionId(), 1, Integer::sum);
                        sharing.putIfAbsent(suggestion.suggestionId(), suggestion);
                    }
                }
            }
            int index = i;
            shared.forEach((id, count) -> overlaps.add(new Overlap(index, sharing.get(id), count)));
        }
        // Most shared shots first: when a moment splits in two, the larger part keeps the id.
        overlaps.sort(Comparator.comparingInt(Overlap::shared)
                .reversed()
                .thenComparing(o -> o.suggestion().suggestionId()));
        for (Overlap overlap : overlaps) {
            if (!matched.containsKey(overlap.candidate())
                    && taken.putIfAbsent(overlap.suggestion().suggestionId(), true) == null) {
                matched.put(overlap.candidate(), overlap.suggestion());
            }
        }
        List<Candidate> added = new ArrayList<>();
        List<Change> changed = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            StoredSuggestion suggestion = matched.get(i);
            if (suggestion == null) {
                added.add(candidates.get(i));
            } else if (suggestion.state() != StoredSuggestion.State.DISMISSED && !suggestion.says(candidates.get(i))) {
                changed.add(new Change(suggestion, candidates.get(i)));
            }
        }
        List<StoredSuggestion> removed = existing.stream()
                .filter(s -> !taken.containsKey(s.suggestionId()) && s.state() != StoredSuggestion.State.DISMISSED)
                .toList();
        return new Changes(added, changed, removed);
    }

    private static String key(Candidate.Kind kind, String theme, String anchor) {
        return kind + "/" + theme + "/" + anchor;
    }
}
