/**
 * Suggestions: what a user's processed media add up to, built by the {@code build-suggestions} job after a batch
 * settles and nightly for date-driven themes. Media in local capture order split into moments; near-duplicates
 * collapse onto the best shot; a rendered COLLAGE per moment, a RECAP per month, THEMES (on this day, trips,
 * holidays, birthdays and anniversaries, golden hour). A suggestion keeps its id as its moment grows, and one the
 * user dismissed never returns. The app lists them, syncs their changes and fetches their rendered images.
 */
package dev.camroll.suggestions;
