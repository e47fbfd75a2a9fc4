/**
 * The media module's inside: the one owner of the media table ({@code MediaRows}), the library behind
 * {@code MediaLibrary}, the analysis job and its decoders, the withdrawal and retention sweeps, the purge and export
 * part, and the HTTP API. Other modules use {@code dev.camroll.media} only.
 */
@NullMarked
package dev.camroll.media.internal;

import org.jspecify.annotations.NullMarked;
