package dev.camroll.jobs;

import java.util.Objects;
import java.util.regex.Pattern;

import dev.camroll.jobs.internal.JobPayloads;

/**
 * A kind of job: its type name and the record its payload is. The module that handles a kind declares it as a
 * public constant; other modules enqueue through that constant, so the dependency is visible to the compiler and to
 * Spring Modulith. The payload is stored as JSON (see {@link JobPayloads}), so renaming a record component is a change
 * of the stored format: queued jobs of the old shape would no longer read.
 *
 * @param type the stored type name, 1 to 64 of a-z, 0-9, '.' and '-', starting with a letter; never renamed
 * @param payload the payload's record class
 */
public record JobKind<P extends Record>(String type, Class<P> payload) {

    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9.-]{0,63}");

    public JobKind {
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException(
                    "a job type is 1 to 64 of a-z, 0-9, '.' and '-', starting with a letter: " + type);
        }
        Objects.requireNonNull(payload, "payload");
    }

    /** The kind {@code type} with payload records of class {@code payload}. */
    public static <P extends Record> JobKind<P> of(String type, Class<P> payload) {
        return new JobKind<>(type, payload);
    }

    /** The payload of {@code job}, read as this kind's record; one that does not read fails the job for good. */
    public P read(Job job) {
        return JobPayloads.read(job, this);
    }

    /** A payload for a job that needs nothing but its subject. */
    public record NoPayload() {}
}
