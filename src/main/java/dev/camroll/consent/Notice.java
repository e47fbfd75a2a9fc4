package dev.camroll.consent;

import java.time.Instant;

/** One exact notice text; {@code version} is the lowercase hex SHA-256 of {@code text} (UTF-8). */
record Notice(
        String version,
        Purpose purpose,
        String locale,
        String title,
        String description,
        String text,
        Instant publishedAt) {}
