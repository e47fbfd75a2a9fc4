package dev.camroll.consent.internal;

import java.time.Instant;

import dev.camroll.consent.Purpose;
import org.jspecify.annotations.Nullable;

/** One exact notice text; {@code version} is the lowercase hex SHA-256 of {@code text} (UTF-8). */
record Notice(
        String version,
        Purpose purpose,
        String locale,
        String title,
        String description,
        String text,
        @Nullable Instant publishedAt) {}
