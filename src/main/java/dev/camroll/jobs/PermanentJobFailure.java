package dev.camroll.jobs;

/** Thrown by a {@link JobHandler} when retrying cannot help (e.g. undecodable input): the job goes dead at once. */
public class PermanentJobFailure extends RuntimeException {

    public PermanentJobFailure(String message) {
        super(message);
    }

    public PermanentJobFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
