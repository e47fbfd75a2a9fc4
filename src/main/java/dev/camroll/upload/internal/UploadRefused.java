package dev.camroll.upload.internal;

import java.util.OptionalLong;

import dev.camroll.api.ProblemException;
import dev.camroll.api.ProblemType;

/**
 * A request to an upload refused with facts the client needs besides the problem: where the upload stands, and
 * whether the request's body was left unread. {@link TusController} turns them into the tus answer's headers.
 */
class UploadRefused extends ProblemException {

    private long standsAt = -1;

    private boolean bodyLeftUnread;

    UploadRefused(ProblemType type, String detail) {
        super(type, detail);
    }

    /** The upload stands at {@code offset}: the client resumes there. */
    UploadRefused standingAt(long offset) {
        this.standsAt = offset;
        return this;
    }

    /** The request's body was not read to its end (refused before it, or cut off): the connection cannot carry on. */
    UploadRefused leavingBodyUnread() {
        this.bodyLeftUnread = true;
        return this;
    }

    OptionalLong standsAt() {
        return standsAt < 0 ? OptionalLong.empty() : OptionalLong.of(standsAt);
    }

    boolean bodyLeftUnread() {
        return bodyLeftUnread;
    }
}
