package dev.camroll.api;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/** One page of a list: {@code {"items":[...], "nextCursor": string|null}}. */
public record Page<T>(
        List<T> items, @Schema(nullable = true) String nextCursor) {}
