package dev.camroll.media;

import java.util.UUID;

/** Published in the transaction that deletes a media, for what was made of it (suggestions). */
public record MediaDeleted(String subject, UUID mediaId) {}
