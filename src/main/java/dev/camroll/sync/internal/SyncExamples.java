package dev.camroll.sync.internal;

/**
 * Examples of devices, the sync policy and manifests's bodies for the OpenAPI document ({@link dev.camroll.api.Examples}), written once and
 * shared by the operations that answer the same shape. They tell one story: alice, her iPhone, an afternoon's
 * photos; ids are UUIDv7, hashes hex SHA-256. OpenApiDocumentTests validates each against its schema.
 */
final class SyncExamples {

    static final String REGISTRATION = """
            {
              "platform": "ios",
              "appVersion": "3.4.1",
              "model": "iPhone15,2",
              "osVersion": "18.5",
              "photoLibraryAccess": "full"
            }
            """;

    static final String DEVICE = """
            {
              "deviceId": "iphone-15",
              "platform": "ios",
              "appVersion": "3.4.1",
              "model": "iPhone15,2",
              "osVersion": "18.5",
              "photoLibraryAccess": "full",
              "registeredAt": "2025-06-14T09:11:40.118Z",
              "updatedAt": "2025-06-14T09:11:40.118Z",
              "lastSyncAt": "2025-06-14T09:13:05.402Z"
            }
            """;

    static final String POLICY = """
            {
              "syncAllowed": true,
              "reason": null,
              "minIntervalSeconds": 900,
              "maxItemsPerBatch": 500,
              "maxBytesPerBatch": 10737418240,
              "maxFileBytes": 4294967296,
              "acceptedMimeTypes": [
                "image/jpeg",
                "image/heic",
                "image/heif",
                "image/png",
                "image/webp",
                "image/gif",
                "video/mp4",
                "video/quicktime"
              ],
              "videoRequiresUnmetered": true,
              "retryAfterSeconds": null
            }
            """;

    static final String MANIFEST = """
            {
              "items": [
                {
                  "clientAssetId": "IMG_0104",
                  "sha256": "dcdbcea2afaba262d212cd33796d6d26efea53ee7eafd8b4d266eb29641eab22",
                  "size": 2811204,
                  "mimeType": "image/heic",
                  "capturedAt": "2025-06-14T13:05:00Z",
                  "kind": "photo"
                },
                {
                  "clientAssetId": "IMG_0105",
                  "sha256": "c6dca385ffdc053e7ed90977df8f9a3af2551a64c38ad3dbec37e70456802734",
                  "size": 3104877,
                  "mimeType": "image/jpeg",
                  "capturedAt": "2025-06-14T13:06:12Z",
                  "kind": "photo"
                },
                {
                  "clientAssetId": "IMG_0099",
                  "sha256": "8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4",
                  "size": 1982113,
                  "mimeType": "image/jpeg",
                  "kind": "photo"
                },
                {
                  "clientAssetId": "NOTES_0001",
                  "sha256": "a3f1c0be9d2e4b7f8c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b",
                  "size": 5120,
                  "mimeType": "application/pdf",
                  "kind": "photo"
                }
              ],
              "uploadSlots": false
            }
            """;

    static final String CREATED_BATCH = """
            {
              "batchId": "0193e5b0-1a2b-7c3d-8e4f-5a6b7c8d9e03",
              "items": [
                {
                  "clientAssetId": "IMG_0104",
                  "disposition": "upload",
                  "mediaId": "0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04",
                  "upload": {
                    "url": "https://camroll.example/v1/uploads/0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f05",
                    "expiresAt": "2025-06-15T09:12:30.551Z"
                  }
                },
                {
                  "clientAssetId": "IMG_0105",
                  "disposition": "upload",
                  "mediaId": "0193e5b0-1a4d-7e5f-a061-7c8d9e0f1a06",
                  "upload": {
                    "url": "https://camroll.example/v1/uploads/0193e5b0-1a4d-7e5f-a061-7c8d9e0f1a07",
                    "expiresAt": "2025-06-15T09:12:30.557Z"
                  }
                },
                {
                  "clientAssetId": "IMG_0099",
                  "disposition": "duplicate",
                  "mediaId": "0193d1f7-5e6f-7a8b-9c0d-1e2f3a4b5c0c"
                },
                {
                  "clientAssetId": "NOTES_0001",
                  "disposition": "rejected",
                  "problem": {
                    "type": "https://camroll.dev/problems/unsupported-media-type",
                    "detail": "'application/pdf' (photo) is not accepted; accepted: image/jpeg, image/heic, image/heif, image/png, image/webp, image/gif, video/mp4, video/quicktime."
                  }
                }
              ],
              "policy": {
                "syncAllowed": true,
                "reason": null,
                "minIntervalSeconds": 900,
                "maxItemsPerBatch": 500,
                "maxBytesPerBatch": 10737418240,
                "maxFileBytes": 4294967296,
                "acceptedMimeTypes": [
                  "image/jpeg",
                  "image/heic",
                  "image/heif",
                  "image/png",
                  "image/webp",
                  "image/gif",
                  "video/mp4",
                  "video/quicktime"
                ],
                "videoRequiresUnmetered": true,
                "retryAfterSeconds": null
              }
            }
            """;

    static final String BATCH_STATUS = """
            {
              "batchId": "0193e5b0-1a2b-7c3d-8e4f-5a6b7c8d9e03",
              "state": "open",
              "items": [
                {
                  "clientAssetId": "IMG_0104",
                  "mediaId": "0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04",
                  "state": "processed",
                  "bytesReceived": 2811204
                },
                {
                  "clientAssetId": "IMG_0105",
                  "mediaId": "0193e5b0-1a4d-7e5f-a061-7c8d9e0f1a06",
                  "state": "uploading",
                  "bytesReceived": 1048576
                },
                {
                  "clientAssetId": "IMG_0099",
                  "mediaId": "0193d1f7-5e6f-7a8b-9c0d-1e2f3a4b5c0c",
                  "state": "duplicate",
                  "bytesReceived": 0
                }
              ],
              "rejectedItems": 1
            }
            """;

    private SyncExamples() {}
}
