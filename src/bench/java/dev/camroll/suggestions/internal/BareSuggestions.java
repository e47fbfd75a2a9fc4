package dev.camroll.suggestions.internal;

import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import dev.camroll.media.Shot;
import dev.camroll.suggestions.SuggestionSettings;

/**
 * The suggestions' pure parts, without the queue or the database: planning from shots and drawing a collage or a
 * mosaic, with the service's default {@code camroll.suggestions.*} settings. For the suggestions benchmark, which
 * checks the service's build against the same shots planned here and times the rendering on its own; the engine's
 * classes stay package-private, this is their one public door, and only in the test sources.
 */
public final class BareSuggestions {

    /**
     * A suggestion as {@link SuggestionPlanner} proposes it: what the {@code suggestions} table holds of it.
     *
     * @param kind {@code COLLAGE} or {@code RECAP}
     * @param anchor {@code moment}, or a stable key such as {@code recap:2025-05}
     * @param title the title
     * @param subtitle the second line
     * @param mediaIds the shots it shows, in order
     * @param basisIds every distinct shot it stands for
     * @param coverMediaId the shot shown for it
     */
    public record Planned(
            String kind,
            String anchor,
            String title,
            String subtitle,
            List<UUID> mediaIds,
            List<UUID> basisIds,
            UUID coverMediaId) {}

    /** A user's moments: how many, and how many near-duplicates they collapsed. */
    public record Moments(int moments, int distinctShots, int collapsed) {}

    /**
     * A rendered collage or mosaic.
     *
     * @param jpeg its JPEG bytes
     * @param template the layout's template, e.g. {@code grid-3x3} or {@code mosaic-4-4-4-4}
     * @param width the canvas's width
     * @param height the canvas's height
     */
    public record Rendered(byte[] jpeg, String template, int width, int height) {}

    private final SuggestionSettings settings = SuggestionSettings.defaults();

    private final SuggestionPlanner planner = new SuggestionPlanner(settings);

    private final MomentClusterer clusterer = new MomentClusterer(settings);

    private final CollageRenderer renderer = new CollageRenderer();

    /**
     * What a build from scratch proposes for these shots, as {@code SuggestionBuilder} plans it today (UTC) for a
     * user who gives {@code location_analysis} and has named no occasions.
     */
    public List<Planned> plan(List<Shot> shots) {
        return planner.plan(shots, new ThemeFinder.Context(LocalDate.now(ZoneOffset.UTC), List.of(), true)).stream()
                .map(c -> new Planned(
                        c.kind().name(),
                        c.anchor(),
                        c.title(),
                        c.subtitle(),
                        c.mediaIds(),
                        c.basisIds(),
                        c.coverMediaId()))
                .toList();
    }

    /** The moments of these shots. */
    public Moments moments(List<Shot> shots) {
        List<Moment> moments = clusterer.moments(shots);
        return new Moments(
                moments.size(),
                moments.stream().mapToInt(m -> m.shots().size()).sum(),
                moments.stream().mapToInt(Moment::collapsed).sum());
    }

    /** A collage of 4 to 9 decoded previews, as the {@code render-suggestion} job draws and encodes it. */
    public Rendered collage(List<BufferedImage> members) {
        return rendered(renderer.collage(members));
    }

    /** A recap's mosaic of 1 to 36 decoded previews, as the {@code render-suggestion} job draws and encodes it. */
    public Rendered mosaic(List<BufferedImage> members) {
        return rendered(renderer.mosaic(members));
    }

    private static Rendered rendered(CollageRenderer.Rendered rendered) {
        return new Rendered(
                rendered.jpeg(),
                rendered.layout().template(),
                rendered.layout().width(),
                rendered.layout().height());
    }
}
