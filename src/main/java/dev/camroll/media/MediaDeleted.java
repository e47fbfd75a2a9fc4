package dev.camroll.media;

import dev.camroll.identity.Subject;

/** Published in the transaction that deletes a media, for what was made of it (suggestions). */
public record MediaDeleted(Subject subject, MediaId mediaId) {}
