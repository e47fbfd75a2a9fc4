package dev.camroll.client;

import java.io.IOException;

/** The service could not be reached or the connection broke before an answer came: retry later. */
public final class TransportException extends CamrollException {

    public TransportException(String message, IOException cause) {
        super(message, cause);
    }
}
