package dev.camroll.client;

import java.util.LinkedHashMap;
import java.util.Map;

/** The user's devices: each app installation registers itself before it syncs. */
public final class Devices {

    private final Http http;

    Devices(Http http) {
        this.http = http;
    }

    /**
     * Registers (or updates) the device {@code deviceId} ({@code [A-Za-z0-9._-]{1,64}}, chosen by the app).
     *
     * @param platform {@code ios}, {@code android} or {@code other}
     * @param photoLibraryAccess what the OS lets the app read: {@code full}, {@code limited} or {@code none}
     * @return true when the device is new
     */
    public boolean register(
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
        return http.send("PUT", "/v1/devices/" + Http.segment(deviceId), body, Map.of(), null)
                        .status()
                == 201;
    }
}
