package dev.camroll.jobs;

import java.util.UUID;

import dev.camroll.identity.Subject;
import org.jspecify.annotations.Nullable;

/**
 * One attempt at a job, as a {@link JobHandler} receives it.
 *
 * @param id the job's id (UUIDv7), the same on every attempt
 * @param type the job type, which chose the handler
 * @param subject the user the job is for, or {@code null}
 * @param payload the JSON text given at enqueue
 * @param attempt this attempt's number, from 1
 * @param maxAttempts the attempt after which a failure makes the job dead
 */
public record Job(UUID id, String type, @Nullable Subject subject, String payload, int attempt, int maxAttempts) {

    /** Whether a failure of this attempt makes the job dead rather than retried. */
    public boolean isLastAttempt() {
        return attempt >= maxAttempts;
    }
}
