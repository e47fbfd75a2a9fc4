package dev.camroll.media;

import java.util.Arrays;

/** Where a media is on its way through analysis, in the order it goes through the states. */
public enum MediaState {

    /** Its bytes are stored and verified; the analysis has not ended yet. */
    STORED("stored"),
    /** Analysed: its facts are known, with a preview unless the analysis says why not. */
    PROCESSED("processed"),
    /** The analysis failed for good; the media's problem says why. */
    FAILED("failed");

    private final String value;

    MediaState(String value) {
        this.value = value;
    }

    /** The state as the media table and the API write it ({@code stored}, {@code processed}, {@code failed}). */
    public String value() {
        return value;
    }

    /** The state written as {@code value}. */
    public static MediaState of(String value) {
        return Arrays.stream(values())
                .filter(state -> state.value.equals(value))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No media state '" + value + "'"));
    }
}
