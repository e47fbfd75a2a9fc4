package dev.camroll.storage;

/**
 * There is no object at the key (or, for a staged upload, its bytes are gone: discarded, expired, or fewer than
 * its state says).
 */
public class ObjectNotFoundException extends RuntimeException {

    private final String key;

    public ObjectNotFoundException(String key) {
        this(key, "no object at " + key);
    }

    public ObjectNotFoundException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The key that was asked for. */
    public String key() {
        return key;
    }
}
