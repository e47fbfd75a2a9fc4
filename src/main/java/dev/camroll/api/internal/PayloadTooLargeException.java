package dev.camroll.api.internal;

import java.io.IOException;

/** Raised while reading a body that turns out longer than the limit (chunked requests carry no length). */
class PayloadTooLargeException extends IOException {

    PayloadTooLargeException(long limit) {
        super("The request body is larger than " + limit + " bytes.");
    }
}
