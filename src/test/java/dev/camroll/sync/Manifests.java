package dev.camroll.sync;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds batch manifests for tests: {@code Manifests.of(photo("a"), photo("b").sha(same))}. */
final class Manifests {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Manifests() {}

    static Map<String, Object> of(Line... lines) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Line line : lines) {
            items.add(line.fields);
        }
        return Map.of("items", items);
    }

    static Line photo(String clientAssetId) {
        return new Line(clientAssetId).set("kind", "photo").set("mimeType", "image/jpeg");
    }

    static Line video(String clientAssetId) {
        return new Line(clientAssetId).set("kind", "video").set("mimeType", "video/quicktime");
    }

    static String randomSha256() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    static final class Line {

        final Map<String, Object> fields = new LinkedHashMap<>();

        Line(String clientAssetId) {
            fields.put("clientAssetId", clientAssetId);
            fields.put("sha256", randomSha256());
            fields.put("size", 1_000_000L);
        }

        Line set(String field, Object value) {
            if (value == null) {
                fields.remove(field);
            } else {
                fields.put(field, value);
            }
            return this;
        }

        Line sha(String sha256) {
            return set("sha256", sha256);
        }

        Line size(long size) {
            return set("size", size);
        }

        Line type(String mimeType) {
            return set("mimeType", mimeType);
        }

        String sha() {
            return (String) fields.get("sha256");
        }
    }
}
