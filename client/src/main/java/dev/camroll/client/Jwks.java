package dev.camroll.client;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.google.gson.JsonParseException;

/**
 * The service's receipt verification keys (a JWK set, RFC 7517) and the JSON they came as, to keep in a file: {@link
 * #parse} reads it back, so verifying receipts needs the network once.
 */
public record Jwks(List<Key> keys, String json) {

    public Jwks {
        keys = keys == null ? List.of() : List.copyOf(keys);
    }

    /** A JWK set as JSON, e.g. the content of a file {@link #json()} was written to. */
    public static Jwks parse(String json) {
        try {
            Keys keys = Json.read(json.getBytes(StandardCharsets.UTF_8), Keys.class);
            if (keys == null || keys.keys() == null) {
                throw new IllegalArgumentException("not a JWK set: no \"keys\"");
            }
            return new Jwks(keys.keys(), json);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a JWK set: " + e.getMessage(), e);
        }
    }

    /** The key with this {@code kid}, or null. */
    public Key key(String kid) {
        for (Key key : keys) {
            if (kid != null && kid.equals(key.kid())) {
                return key;
            }
        }
        return null;
    }

    /** One public key: receipts are signed with EC P-256 keys ({@code kty} EC, {@code crv} P-256, {@code x}, {@code y}). */
    public record Key(String kty, String crv, String kid, String use, String alg, String x, String y) {}

    private record Keys(List<Key> keys) {}
}
