package dev.camroll.media;

import dev.camroll.identity.Subject;

/** Published in the transaction that ends a media's analysis (processed or failed), for what follows a batch. */
public record MediaSettled(Subject subject, MediaId mediaId) {}
