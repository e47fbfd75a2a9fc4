package dev.camroll.client;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The user's devices: an app registers its device before it syncs. */
public final class Devices {

    private final Http http;

    Devices(Http http) {
        this.http = http;
    }

    /**
     * Registers the device, or updates it when it is known. {@code deviceId} is the app's own choice (letters,
     * digits, {@code . _ -}, at most 64); {@code platform} {@code ios}, {@code android} or {@code other};
     * {@code photoLibraryAccess} (the OS permission, context only, never consent) {@code full}, {@code limited} or
     * {@code none}. {@code model} and {@code osVersion} may be null.
     */
    public Registration register(
            String deviceId,
            String platform,
            String appVersion,
            String model,
            String osVersion,
            String photoLibraryAccess) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("platform", platform);
        body.put("appVersion", appVersion);
        body.put("model", model);
        body.put("osVersion", osVersion);
        body.put("photoLibraryAccess", photoLibraryAccess);
        body.values().removeIf(value -> value == null);
        Http.Response response = http.send("PUT", path(deviceId), body, Map.of(), null);
        return new Registration(response.status() == 201, Json.read(response.body(), Device.class));
    }

    /** A registered device ({@link ProblemException.NotFound} when it is not). */
    public Device get(String deviceId) {
        return http.get(path(deviceId), Device.class);
    }

    private static String path(String deviceId) {
        return "/v1/devices/" + Http.segment(deviceId);
    }

    /** The answer to a registration: {@code created} for a new device (201), false for an update (200). */
    public record Registration(boolean created, Device device) {}

    /** A device as the app registered it; {@code lastSyncAt} is null until its first manifest. */
    public record Device(
            String deviceId,
            String platform,
            String appVersion,
            String model,
            String osVersion,
            String photoLibraryAccess,
            Instant registeredAt,
            Instant updatedAt,
            Instant lastSyncAt) {}
}
