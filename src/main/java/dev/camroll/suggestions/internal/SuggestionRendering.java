package dev.camroll.suggestions.internal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.imageio.ImageIO;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobHandler;
import dev.camroll.jobs.JobKind;
import dev.camroll.media.MediaId;
import dev.camroll.media.MediaLibrary;
import dev.camroll.storage.ObjectNotFoundException;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.UserObjects;
import dev.camroll.suggestions.SuggestionId;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The {@code render-suggestion} job: draws a collage (its best shot first, as the hero of templates that have one)
 * or a recap's mosaic from the members' previews, and stores it at {@code u/{userKey}/render/{suggestionId}.jpg}.
 * Renders of one suggestion take turns, each drawing the shots the suggestion shows when its turn comes; it counts
 * as rendered only if they are still its shots when the image is stored (a build that changed them queued another
 * render).
 */
@Component
class SuggestionRendering implements JobHandler<SuggestionRendering.RenderSuggestion> {

    /** Queued by a build for each new collage or recap and each whose shots changed. */
    static final JobKind<RenderSuggestion> RENDER_SUGGESTION = JobKind.of("render-suggestion", RenderSuggestion.class);

    /** The payload of {@link #RENDER_SUGGESTION}; its component names are the stored JSON. */
    record RenderSuggestion(UUID suggestionId) {}

    private final Suggestions suggestions;

    private final MediaLibrary media;

    private final ObjectStore store;

    private final UserAccounts accounts;

    private final ConsentGate consent;

    private final CollageRenderer renderer = new CollageRenderer();

    SuggestionRendering(
            Suggestions suggestions,
            MediaLibrary media,
            ObjectStore store,
            UserAccounts accounts,
            ConsentGate consent) {
        this.suggestions = suggestions;
        this.media = media;
        this.store = store;
        this.accounts = accounts;
        this.consent = consent;
    }

    @Override
    public JobKind<RenderSuggestion> kind() {
        return RENDER_SUGGESTION;
    }

    /** Where a suggestion's image is kept. */
    static String imageKey(String userKey, SuggestionId suggestionId) {
        return new UserObjects(userKey).render(suggestionId.value());
    }

    @Override
    @Transactional
    public void handle(Job job, RenderSuggestion payload) {
        SuggestionId id = new SuggestionId(payload.suggestionId());
        String subject = job.subject() == null ? null : job.subject().value();
        // One render of a suggestion at a time, drawing what the suggestion shows now: a render queued for older
        // shots and still running must not put its image over a newer one.
        suggestions.lockRendersOf(id);
        Optional<StoredSuggestion> found = suggestions
                .find(subject, id)
                .filter(s -> s.removedAt() == null && s.state() != StoredSuggestion.State.DISMISSED && !s.rendered());
        if (found.isEmpty() || !consent.isGiven(Subject.of(subject), Purpose.CLOUD_PROCESSING)) {
            return;
        }
        StoredSuggestion suggestion = found.get();
        List<UUID> order = new ArrayList<>(suggestion.mediaIds());
        if (order.remove(suggestion.coverMediaId())) {
            order.add(0, suggestion.coverMediaId());
        }
        List<BufferedImage> previews = new ArrayList<>();
        for (UUID mediaId : order) {
            preview(subject, mediaId).ifPresent(previews::add);
        }
        if (previews.isEmpty()) {
            return; // every shot deleted meanwhile: the next build removes the suggestion
        }
        CollageRenderer.Rendered rendered =
                suggestion.kind() == Candidate.Kind.COLLAGE && previews.size() >= CollageLayout.MIN_COLLAGE
                        ? renderer.collage(previews)
                        : renderer.mosaic(previews);
        String key = imageKey(accounts.find(Subject.of(subject)).orElseThrow().userKey(), id);
        store.put(key, new ByteArrayInputStream(rendered.jpeg()), rendered.jpeg().length);
        if (!suggestions.markRendered(id, suggestion.mediaIds())
                && suggestions.find(subject, id).map(s -> s.removedAt() != null).orElse(true)) {
            store.delete(key); // removed while it was drawn
        }
    }

    private Optional<BufferedImage> preview(String subject, UUID mediaId) {
        try (InputStream in = media.openPreview(Subject.of(subject), MediaId.of(mediaId))) {
            return Optional.ofNullable(ImageIO.read(in));
        } catch (ObjectNotFoundException gone) {
            return Optional.empty(); // the media was deleted after the build
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the preview of " + mediaId, e);
        }
    }
}
