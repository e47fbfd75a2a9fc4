package dev.camroll.upload;

import java.util.Arrays;

/** Where an upload resource stands: open for bytes, or ended one of four ways (tus termination is cancelled). */
public enum UploadState {
    OPEN("open"),
    COMPLETED("completed"),
    FAILED("failed"),
    CANCELLED("cancelled"),
    EXPIRED("expired");

    private final String value;

    UploadState(String value) {
        this.value = value;
    }

    /** The state as stored and as problem details name it ({@code open}, {@code completed}, ...). */
    public String value() {
        return value;
    }

    /** The state stored as {@code value}. */
    public static UploadState of(String value) {
        return Arrays.stream(values())
                .filter(state -> state.value.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no upload state '" + value + "'"));
    }
}
