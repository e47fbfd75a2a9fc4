package dev.camroll.api;

import java.util.List;

/** One page of a list: {@code {"items":[...], "nextCursor": string|null}}. */
public record Page<T>(List<T> items, String nextCursor) {
}
