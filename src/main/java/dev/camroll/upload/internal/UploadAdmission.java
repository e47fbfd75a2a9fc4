package dev.camroll.upload.internal;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import dev.camroll.api.CommonProblem;
import dev.camroll.upload.UploadProblem;
import dev.camroll.upload.UploadSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

/**
 * Admits the requests that stream bytes into uploads (tus PATCH, creation-with-upload), each of which holds a request
 * thread for as long as its body takes: at most {@link UploadSettings#concurrentPerUser()} of one user, so one user
 * cannot take the uploads' share alone, and at most {@link UploadSettings#concurrentPerInstance()} in all, so the other
 * endpoints always find a free thread. Both caps count this instance only: with several instances behind a load
 * balancer a user may stream up to the per-user cap on each.
 */
@Component
class UploadAdmission {

    static final String STREAMING = "camroll.uploads.streaming";

    /** How long a refused client should wait: a streaming upload ends or is cut off below the minimum rate by then. */
    private static final Duration RETRY_AFTER = Duration.ofSeconds(10);

    private final UploadSettings settings;

    private final Semaphore instance;

    private final Map<String, Integer> perUser = new ConcurrentHashMap<>();

    UploadAdmission(UploadSettings settings, MeterRegistry meters) {
        this.settings = settings;
        this.instance = new Semaphore(settings.concurrentPerInstance());
        Gauge.builder(STREAMING, this, UploadAdmission::streaming)
                .description("Requests streaming bytes into uploads on this instance, each holding a request thread")
                .register(meters);
    }

    /** A place for one streaming request, given back by {@link Admitted#close}. */
    interface Admitted extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Admits a request of {@code subject} or refuses it at once, without reading its body: 429 too-many-uploads when
     * the user streams the most already, 503 service-unavailable when this instance does. Both leave the body unread,
     * so that the web server does not read it to its end either.
     */
    Admitted admit(String subject) {
        boolean[] admitted = {false};
        perUser.compute(subject, (user, streaming) -> {
            int now = streaming == null ? 0 : streaming;
            if (now >= settings.concurrentPerUser()) {
                return streaming;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            throw new UploadRefused(
                            UploadProblem.TOO_MANY_UPLOADS,
                            "At most " + settings.concurrentPerUser()
                                    + " uploads of one user stream at once; send this one when another has ended.")
                    .leavingBodyUnread()
                    .retryAfter(RETRY_AFTER);
        }
        if (!instance.tryAcquire()) {
            release(subject);
            throw new UploadRefused(
                            CommonProblem.SERVICE_UNAVAILABLE,
                            "The service receives as many uploads as it can at the moment; retry later.")
                    .leavingBodyUnread()
                    .retryAfter(RETRY_AFTER);
        }
        return () -> {
            instance.release();
            release(subject);
        };
    }

    /** Requests streaming into uploads on this instance now. */
    int streaming() {
        return settings.concurrentPerInstance() - instance.availablePermits();
    }

    private void release(String subject) {
        perUser.computeIfPresent(subject, (user, streaming) -> streaming <= 1 ? null : streaming - 1);
    }
}
