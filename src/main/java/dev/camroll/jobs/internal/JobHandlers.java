package dev.camroll.jobs.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.camroll.jobs.JobHandler;

/** The handlers of this instance by job type; two handlers for one type are a configuration error. */
record JobHandlers(Map<String, JobHandler<?>> byType) {

    JobHandlers {
        byType = Collections.unmodifiableMap(new TreeMap<>(byType));
    }

    static JobHandlers of(List<JobHandler<?>> handlers) {
        Map<String, JobHandler<?>> byType = new TreeMap<>();
        for (JobHandler<?> handler : handlers) {
            JobHandler<?> other = byType.put(handler.kind().type(), handler);
            if (other != null) {
                throw new IllegalStateException(
                        "two handlers for job type '" + handler.kind().type() + "': "
                                + other.getClass().getName() + " and "
                                + handler.getClass().getName());
            }
        }
        return new JobHandlers(byType);
    }
}
