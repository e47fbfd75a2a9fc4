package dev.camroll.media.internal;

/**
 * Examples of the media API's bodies for the OpenAPI document ({@link dev.camroll.api.Examples}), written once and
 * shared by the operations that answer the same shape. They tell one story: alice, her iPhone, an afternoon's
 * photos; ids are UUIDv7, hashes hex SHA-256. OpenApiDocumentTests validates each against its schema.
 */
final class MediaExamples {

    static final String MEDIA_ITEM = """
            {
              "mediaId": "0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04",
              "clientAssetId": "IMG_0104",
              "deviceId": "iphone-15",
              "kind": "photo",
              "mimeType": "image/heic",
              "size": 2811204,
              "sha256": "dcdbcea2afaba262d212cd33796d6d26efea53ee7eafd8b4d266eb29641eab22",
              "capturedAt": "2025-06-14T13:05:00Z",
              "capturedAtLocal": "2025-06-14T15:05:00",
              "capturedOffset": "+02:00",
              "state": "processed",
              "width": 3024,
              "height": 4032,
              "location": {
                "lat": 47.3769,
                "lon": 8.5417
              },
              "camera": {
                "make": "Apple",
                "model": "iPhone 15 Pro"
              },
              "hasPreview": true
            }
            """;

    static final String MEDIA_PAGE = """
            {
              "items": [
                {
                  "mediaId": "0193e5b0-1a4d-7e5f-a061-7c8d9e0f1a06",
                  "clientAssetId": "IMG_0105",
                  "deviceId": "iphone-15",
                  "kind": "photo",
                  "mimeType": "image/jpeg",
                  "size": 3104877,
                  "sha256": "c6dca385ffdc053e7ed90977df8f9a3af2551a64c38ad3dbec37e70456802734",
                  "capturedAt": "2025-06-14T13:06:12Z",
                  "capturedAtLocal": "2025-06-14T15:06:12",
                  "capturedOffset": "+02:00",
                  "state": "stored",
                  "hasPreview": false
                },
                {
                  "mediaId": "0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04",
                  "clientAssetId": "IMG_0104",
                  "deviceId": "iphone-15",
                  "kind": "photo",
                  "mimeType": "image/heic",
                  "size": 2811204,
                  "sha256": "dcdbcea2afaba262d212cd33796d6d26efea53ee7eafd8b4d266eb29641eab22",
                  "capturedAt": "2025-06-14T13:05:00Z",
                  "capturedAtLocal": "2025-06-14T15:05:00",
                  "capturedOffset": "+02:00",
                  "state": "processed",
                  "width": 3024,
                  "height": 4032,
                  "location": {
                    "lat": 47.3769,
                    "lon": 8.5417
                  },
                  "camera": {
                    "make": "Apple",
                    "model": "iPhone 15 Pro"
                  },
                  "hasPreview": true
                }
              ],
              "nextCursor": "MDE5M2U1YjAtMWEzYy03ZDRlLTlmNTAtNmI3YzhkOWUwZjA0"
            }
            """;

    private MediaExamples() {}
}
