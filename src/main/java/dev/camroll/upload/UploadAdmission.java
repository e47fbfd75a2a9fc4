package dev.camroll.upload;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

import dev.camroll.api.CommonProblem;
import dev.camroll.api.ProblemException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.http.HttpHeaders;
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

    /** Seconds a refused client should wait: a streaming upload ends or is cut off below the minimum rate by then. */
    private static final String RETRY_AFTER = "10";

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
     * the user streams the most already, 503 service-unavailable when this instance does. Both close the connection
     * so the web server does not read the body to its end either.
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
            throw new ProblemException(
                            UploadProblem.TOO_MANY_UPLOADS,
                            "At most " + settings.concurrentPerUser()
                                    + " uploads of one user stream at once; send this one when another has ended.")
                    .withHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
                    .withHeader(HttpHeaders.CONNECTION, "close");
        }
        if (!instance.tryAcquire()) {
            release(subject);
            throw new ProblemException(
                            CommonProblem.SERVICE_UNAVAILABLE,
                            "The service receives as many uploads as it can at the moment; retry later.")
                    .withHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
                    .withHeader(HttpHeaders.CONNECTION, "close");
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
