package dev.camroll.client;

import java.util.List;

/** One page of a list: its items and the cursor of the next page (null on the last one). */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }
}
