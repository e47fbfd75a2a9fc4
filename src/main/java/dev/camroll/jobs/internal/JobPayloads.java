package dev.camroll.jobs.internal;

import dev.camroll.jobs.Job;
import dev.camroll.jobs.JobKind;
import dev.camroll.jobs.PermanentJobFailure;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one mapper between payload records and the JSON text the queue stores; public for {@link JobKind#read} only.
 */
public final class JobPayloads {

    // Unknown members are ignored so that a payload written by a newer instance during a rolling deploy still reads.
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private JobPayloads() {}

    public static String write(Record payload) {
        return JSON.writeValueAsString(payload);
    }

    /** The payload of {@code job}; a payload that does not read as {@code kind}'s record fails the job for good. */
    public static <P extends Record> P read(Job job, JobKind<P> kind) {
        try {
            P payload = JSON.readValue(job.payload(), kind.payload());
            if (payload == null) {
                throw new PermanentJobFailure("job " + job.id() + " has no payload");
            }
            return payload;
        } catch (JacksonException e) {
            throw new PermanentJobFailure(
                    "job " + job.id() + " has a payload that is not a "
                            + kind.payload().getSimpleName() + ": " + e.getOriginalMessage(),
                    e);
        }
    }

    /** Whether {@code text} is one JSON value (the raw queue API's check). */
    static boolean isJson(String text) {
        try {
            return !JSON.readTree(text).isMissingNode();
        } catch (JacksonException e) {
            return false;
        }
    }
}
