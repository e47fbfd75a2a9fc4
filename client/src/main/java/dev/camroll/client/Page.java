package dev.camroll.client;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** One page of a list: its items and the cursor of the next page (null on the last one). */
public record Page<T>(List<T> items, String nextCursor) {

    public Page {
        items = items == null ? List.of() : List.copyOf(items);
    }

    public boolean hasNext() {
        return nextCursor != null;
    }

    /** Every item of a list, page after page: {@code next} answers the page after a cursor (null: the first). */
    static <T> List<T> all(Function<String, Page<T>> next) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        do {
            Page<T> page = next.apply(cursor);
            all.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return all;
    }
}
