package dev.camroll.upload.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.camroll.upload.UploadId;
import dev.camroll.upload.UploadSettings;
import org.springframework.stereotype.Component;

/**
 * At most {@code camroll.upload.slot-requests-per-minute} requests per upload slot in any minute on this instance: a
 * sliding window of the requests' times per upload, in memory and bounded (the least recently used uploads are
 * forgotten first, and a window goes a minute after its last request). A slot is a capability anyone holding its URL
 * may use, so this caps what one leaked slot can cost; a background job sends a handful of requests per file.
 */
@Component
class SlotRequestLimiter {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private static final int MAX_SLOTS = 100_000;

    private final int limit;

    private final Clock clock;

    private final Cache<UploadId, ArrayDeque<Instant>> windows;

    SlotRequestLimiter(UploadSettings settings, Clock clock) {
        this.limit = settings.slotRequestsPerMinute();
        this.clock = clock;
        this.windows = Caffeine.newBuilder()
                .maximumSize(MAX_SLOTS)
                .expireAfterAccess(WINDOW)
                .build();
    }

    /** Counts a request to the upload's slot; answers how long to wait when it is one too many (and not counted). */
    Optional<Duration> admit(UploadId uploadId) {
        Instant now = clock.instant();
        ArrayDeque<Instant> window = windows.get(uploadId, id -> new ArrayDeque<>());
        synchronized (window) {
            Instant since = now.minus(WINDOW);
            while (!window.isEmpty() && !window.peekFirst().isAfter(since)) {
                window.pollFirst();
            }
            if (window.size() >= limit) {
                // until the oldest request leaves the window
                return Optional.of(Duration.between(since, window.peekFirst()));
            }
            window.addLast(now);
            return Optional.empty();
        }
    }
}
