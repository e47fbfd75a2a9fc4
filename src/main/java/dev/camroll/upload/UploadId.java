package dev.camroll.upload;

import java.util.Objects;
import java.util.UUID;

/** The id of an upload resource ({@code /v1/uploads/{uploadId}}), not to be mistaken for its media's or batch's. */
public record UploadId(UUID value) {

    public UploadId {
        Objects.requireNonNull(value, "value");
    }

    /** The upload id {@code value}. */
    public static UploadId of(UUID value) {
        return new UploadId(value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
