package dev.camroll.support.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.camroll.api.PageQuery;
import dev.camroll.consent.AccessLog;
import dev.camroll.consent.ConsentService;
import dev.camroll.identity.Subject;
import dev.camroll.media.MediaLibrary;
import dev.camroll.sync.UserDevices;
import org.springframework.stereotype.Component;

/** Gathers a user's page from the modules that own each part; call it only after the look is logged. */
@Component
class UserOverviews {

    /** How many of the latest staff looks the user page lists. */
    static final int RECENT_ACCESSES = 20;

    private final ConsentService consent;

    private final UserDevices devices;

    private final MediaLibrary media;

    private final AccessLog accessLog;

    UserOverviews(ConsentService consent, UserDevices devices, MediaLibrary media, AccessLog accessLog) {
        this.consent = consent;
        this.devices = devices;
        this.media = media;
        this.accessLog = accessLog;
    }

    UserOverview of(String userId) {
        ConsentService.Snapshot snapshot = consent.snapshot(Subject.of(userId));
        return new UserOverview(
                userId,
                snapshot.purposes().stream()
                        .map(p ->
                                new UserOverview.PurposeRow(p, consent.isCurrentNotice(p.purpose(), p.noticeVersion())))
                        .toList(),
                snapshot.history(),
                snapshot.chain(),
                devices.of(Subject.of(userId)),
                mediaByState(userId),
                accessLog
                        .search(Subject.of(userId), null, PageQuery.of(null, RECENT_ACCESSES))
                        .items());
    }

    /** The counts by state as the page names them ({@code stored}, {@code processed}, {@code failed}). */
    private Map<String, Long> mediaByState(String userId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        media.countsByState(Subject.of(userId)).forEach((state, count) -> counts.put(state.value(), count));
        return counts;
    }
}
