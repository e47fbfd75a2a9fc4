/**
 * The suggestions module's engine and web layer, forbidden to other modules: the planner (moments, collages,
 * recaps, themes), the renderer, the build and render jobs, the controllers, and the owners of the
 * {@code suggestions} ({@code Suggestions}) and {@code occasions} ({@code Occasions}) tables.
 */
@NullMarked
package dev.camroll.suggestions.internal;

import org.jspecify.annotations.NullMarked;
