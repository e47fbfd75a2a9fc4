/**
 * Suggestions: what a user's processed media add up to, built by the {@code build-suggestions} job after a batch
 * settles and nightly for date-driven themes. Media in local capture order split into moments; near-duplicates
 * collapse onto the best shot; a rendered COLLAGE per moment, a RECAP per month, THEMES (on this day, trips,
 * holidays, birthdays and anniversaries, golden hour). A suggestion keeps its id as its moment grows, and one the
 * user dismissed never returns. The app lists them, syncs their changes and fetches their rendered images.
 *
 * <p>Owns the tables {@code suggestions} (with the sequence {@code suggestion_changes}) and {@code occasions}, and
 * the rendered images under {@code u/{userKey}/render/}. Offers other modules the job kind
 * {@link dev.camroll.suggestions.SuggestionJobs#BUILD_SUGGESTIONS} (queue it when a user's media change), its
 * {@link dev.camroll.suggestions.SuggestionId}, its problem types ({@link dev.camroll.suggestions.SuggestionProblem})
 * and its settings; it takes part in the purge and export ({@code privacy.PersonalData}) and in the object
 * reconciler ({@code storage.ObjectOwner}), and listens to {@code media.MediaDeleted} and
 * {@code consent.ConsentWithdrawn}. Everything else is in {@code internal}.
 */
@ApplicationModule(
        displayName = "Suggestions",
        allowedDependencies = {"api", "consent", "identity", "jobs", "media", "privacy", "runtime", "storage"})
@NullMarked
package dev.camroll.suggestions;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
