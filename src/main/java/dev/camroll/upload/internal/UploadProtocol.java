package dev.camroll.upload.internal;

import java.util.Locale;

/** The protocol a request brings an upload's bytes in: the tag of the received-bytes counter. */
enum UploadProtocol {
    /** tus 1.0.0: a PATCH, or a creation with upload. */
    TUS,
    /** The IETF draft "Resumable Uploads for HTTP": an upload creation or an append. */
    IETF,
    /** A plain PUT or POST of the whole file, without the fields of either protocol. */
    PUT;

    String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
