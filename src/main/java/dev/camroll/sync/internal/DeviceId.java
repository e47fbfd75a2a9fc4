package dev.camroll.sync.internal;

import dev.camroll.api.ProblemException;

/** The id the app gave one of the user's devices: unique per user only, so it always travels with the subject. */
record DeviceId(String value) {

    /** The shape of a device id (and its column's check). */
    static final String PATTERN = "[A-Za-z0-9._-]{1,64}";

    /** The device id of a request path; malformed is {@code 400 invalid-request}. */
    static DeviceId parse(String deviceId) {
        if (!deviceId.matches(PATTERN)) {
            throw ProblemException.invalid("deviceId", "'deviceId' must be 1 to 64 of A-Z a-z 0-9 . _ -");
        }
        return new DeviceId(deviceId);
    }

    @Override
    public String toString() {
        return value;
    }
}
