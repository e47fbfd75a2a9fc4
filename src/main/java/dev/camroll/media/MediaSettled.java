package dev.camroll.media;

import java.util.UUID;

/** Published in the transaction that ends a media's analysis (processed or failed), for what follows a batch. */
public record MediaSettled(String subject, UUID mediaId) {}
