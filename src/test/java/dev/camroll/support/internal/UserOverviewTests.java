package dev.camroll.support.internal;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import dev.camroll.consent.Actor;
import dev.camroll.consent.ChainVerification;
import dev.camroll.consent.ConsentViews.HistoryEntry;
import dev.camroll.consent.Purpose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserOverviewTests {

    @Test
    void aPurgesCountsReadAsNamesAndNumbersOnOneLine() {
        Map<String, Object> deleted = new TreeMap<>(Map.of("media", 12, "objects", 36));
        HistoryEntry purged = new HistoryEntry(
                UUID.randomUUID(),
                3,
                "DATA_PURGED",
                Purpose.CLOUD_PROCESSING,
                null,
                null,
                null,
                new TreeMap<>(Map.of("deleted", deleted, "scope", "withdrawal")),
                Actor.system(),
                Instant.now(),
                null,
                null,
                null,
                null,
                null,
                null,
                "0".repeat(64),
                "1".repeat(64));
        UserOverview overview = new UserOverview(
                "alice",
                List.of(),
                List.of(purged),
                new ChainVerification(true, 3, "1".repeat(64), null),
                List.of(),
                Map.of(),
                List.of());

        assertThat(overview.details(purged))
                .containsExactly(Map.entry("deleted", "media 12, objects 36"), Map.entry("scope", "withdrawal"));
    }
}
