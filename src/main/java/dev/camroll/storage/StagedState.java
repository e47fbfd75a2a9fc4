package dev.camroll.storage;

import java.util.Objects;

/**
 * Where a resumable upload stands: everything an instance needs to continue it. The caller stores these four
 * values (in its database) after every {@link Staging} call that returns a new state and hands them back
 * unchanged; no instance keeps anything of its own.
 *
 * @param stagingKey where the unfinished bytes live, under {@code staging/}
 * @param finalKey where {@link Staging#complete} puts the object
 * @param length how many bytes are staged durably
 * @param backend the adapter's own bookkeeping (JSON), opaque to the caller
 */
public record StagedState(String stagingKey, String finalKey, long length, String backend) {

    public StagedState {
        Objects.requireNonNull(stagingKey, "stagingKey");
        Objects.requireNonNull(finalKey, "finalKey");
        Objects.requireNonNull(backend, "backend");
        if (length < 0) {
            throw new IllegalArgumentException("length must not be negative: " + length);
        }
    }
}
