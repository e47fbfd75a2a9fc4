package dev.camroll.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/** One page of a list: {@code {"items":[...], "nextCursor": string|null}}. */
public record Page<T>(
        List<T> items, @Schema(nullable = true) @Nullable String nextCursor) {}
