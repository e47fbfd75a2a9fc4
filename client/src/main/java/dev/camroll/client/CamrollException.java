package dev.camroll.client;

/**
 * Every failure of a call. {@link ProblemException} when the service answered with a problem; {@link
 * TransportException} when no answer came (a dropped connection, a timeout), which is worth retrying.
 */
public abstract class CamrollException extends RuntimeException {

    CamrollException(String message, Throwable cause) {
        super(message, cause);
    }
}
