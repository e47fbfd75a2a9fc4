package dev.camroll.support.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ChainVerification;
import dev.camroll.consent.ConsentState;
import dev.camroll.consent.ConsentViews.HistoryEntry;
import dev.camroll.consent.ConsentViews.PurposeStatus;
import dev.camroll.sync.UserDevices;

/**
 * What the console's user page shows about one user: enough to answer "why did my uploads stop?" and "did I ever
 * agree to this?", and nothing of the photos themselves.
 *
 * @param purposes each purpose's state, with whether its notice is the current text
 * @param timeline the whole consent ledger, oldest first (decisions, support revokes, purge receipts)
 * @param mediaByState how many media are stored, processed and failed
 * @param recentAccesses the latest staff looks at this user, newest first, the look that shows this page included
 */
record UserOverview(
        String userId,
        List<PurposeRow> purposes,
        List<HistoryEntry> timeline,
        ChainVerification chain,
        List<UserDevices.Summary> devices,
        Map<String, Long> mediaByState,
        List<AccessLog.Entry> recentAccesses) {

    /**
     * An entry's details as lines to show: a nested object (a purge's {@code deleted} counts) as {@code name value}
     * pairs on one line, so staff read "media 12, objects 36" and not a map's toString.
     */
    public Map<String, String> details(HistoryEntry entry) {
        Map<String, String> lines = new LinkedHashMap<>();
        if (entry.details() != null) {
            entry.details()
                    .forEach((key, value) -> lines.put(
                            key,
                            value instanceof Map<?, ?> nested
                                    ? nested.entrySet().stream()
                                            .map(e -> e.getKey() + " " + e.getValue())
                                            .collect(Collectors.joining(", "))
                                    : String.valueOf(value)));
        }
        return lines;
    }

    /** A purpose's state; {@code currentNotice} says its notice version is the text shown today. */
    record PurposeRow(PurposeStatus status, boolean currentNotice) {

        /** Only a given purpose can be withdrawn; staff can never give one. */
        public boolean revocable() {
            return status.state() == ConsentState.GIVEN;
        }
    }
}
