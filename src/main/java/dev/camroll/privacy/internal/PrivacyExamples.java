package dev.camroll.privacy.internal;

/**
 * Examples of the export, the erasure and the purge evidence's bodies for the OpenAPI document ({@link
 * dev.camroll.api.Examples}), written once and shared by the operations that answer the same shape. They tell one
 * story: alice, her iPhone, an afternoon's photos; ids are UUIDv7, hashes hex SHA-256 (the purge's root and proof are
 * the real ones of its keys). OpenApiDocumentTests validates each against its schema.
 */
final class PrivacyExamples {

    static final String EXPORT = """
            {
              "exportedAt": "2025-06-21T08:00:00.120Z",
              "subject": "alice",
              "account": {
                "erasedAt": null
              },
              "consent": {
                "purposes": [
                  {
                    "purpose": "cloud_processing",
                    "state": "GIVEN",
                    "noticeVersion": "9c1e4f0a2b7d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
                    "upToDate": true,
                    "changedAt": "2025-06-14T09:12:03.215Z",
                    "eventId": "0193e5a2-7c41-7d2e-8a51-3f9b1c2d4e01"
                  },
                  {
                    "purpose": "location_analysis",
                    "state": "GIVEN",
                    "noticeVersion": "5dc281a1a89fd09883ad4bd9f67b9be1ee0570065bfd1a165a655f844ddbd592",
                    "upToDate": true,
                    "changedAt": "2025-06-14T09:12:41.030Z",
                    "eventId": "0193e5a2-8f10-7a44-9b3c-1e2f3a4b5c02"
                  },
                  {
                    "purpose": "original_retention",
                    "state": "NOT_ASKED",
                    "noticeVersion": null,
                    "upToDate": false,
                    "changedAt": null,
                    "eventId": null
                  }
                ],
                "history": [
                  {
                    "eventId": "0193e5a2-7c41-7d2e-8a51-3f9b1c2d4e01",
                    "seq": 1,
                    "type": "CONSENT",
                    "purpose": "cloud_processing",
                    "state": "GIVEN",
                    "noticeVersion": "9c1e4f0a2b7d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
                    "locale": "en",
                    "actor": {
                      "kind": "USER",
                      "id": "alice"
                    },
                    "occurredAt": "2025-06-14T09:12:03.215Z",
                    "clientTime": "2025-06-14T09:12:02Z",
                    "method": "toggle",
                    "platform": "ios",
                    "appVersion": "3.4.1",
                    "deviceId": "iphone-15",
                    "prevHash": "0000000000000000000000000000000000000000000000000000000000000000",
                    "hash": "fc00c27134735eca2c090e7bc7a31ed7b1909e0c78f1303fd7aea15c25574df6",
                    "receipt": {
                      "eventId": "0193e5a2-7c41-7d2e-8a51-3f9b1c2d4e01",
                      "jws": "eyJraWQiOiI2ZjNjOTllZS1lZmU5LTQxMzgtYjQyNC0zZDM3NzczOWYzNGEiLCJ0eXAiOiJjb25zZW50LXJlY2VpcHQrand0IiwiYWxnIjoiRVMyNTYifQ.eyJyZWNlaXB0SWQiOiIwMTkzZTVhMi03YzQxLTdkMmUtOGE1MS0zZjliMWMyZDRlMDEiLCJ2ZXJzaW9uIjoiY2Ftcm9sbC1jb25zZW50LXJlY2VpcHQvMSIsInN1YmplY3QiOiJhbGljZSIsInR5cGUiOiJDT05TRU5UIiwicHVycG9zZSI6ImNsb3VkX3Byb2Nlc3NpbmciLCJzdGF0ZSI6IkdJVkVOIiwibm90aWNlVmVyc2lvbiI6IjljMWU0ZjBhMmI3ZDNlNWY2YThiOWMwZDFlMmYzYTRiNWM2ZDdlOGY5YTBiMWMyZDNlNGY1YTZiN2M4ZDllMGYiLCJhY3RvciI6eyJraW5kIjoiVVNFUiIsImlkIjoiYWxpY2UifSwib2NjdXJyZWRBdCI6IjIwMjUtMDYtMTRUMDk6MTI6MDMuMjE1WiIsInNlcSI6MSwicHJldkhhc2giOiIwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwIiwiaGFzaCI6ImZjMDBjMjcxMzQ3MzVlY2EyYzA5MGU3YmM3YTMxZWQ3YjE5MDllMGM3OGYxMzAzZmQ3YWVhMTVjMjU1NzRkZjYiLCJjb250cm9sbGVyIjp7Im5hbWUiOiJjYW1yb2xsIiwiY29udGFjdCI6InByaXZhY3lAY2Ftcm9sbC5pbnZhbGlkIn19.tgRMUvcn6kT-ZPjsAX36yHgqQkqOEIdETfr8ZwSsRhMcH65iKo3dPJ_GwKgwgwTNFdUT3Ilwo_QAxjvIWCFsxQ"
                    }
                  }
                ],
                "chain": {
                  "valid": true,
                  "length": 1,
                  "headHash": "fc00c27134735eca2c090e7bc7a31ed7b1909e0c78f1303fd7aea15c25574df6"
                }
              },
              "accessLog": [],
              "devices": [
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
              ],
              "batches": [],
              "media": [
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
              "suggestions": [
                {
                  "suggestionId": "0193e5c4-2b3c-7d4e-8f5a-6b7c8d9e0f08",
                  "kind": "COLLAGE",
                  "title": "Saturday afternoon · 14 June 2025",
                  "subtitle": "6 photos",
                  "period": {
                    "from": "2025-06-14T13:00:00Z",
                    "to": "2025-06-14T13:09:00Z"
                  },
                  "mediaIds": [
                    "0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04",
                    "0193e5b0-1a4d-7e5f-a061-7c8d9e0f1a06",
                    "0193e5b0-1a5e-7f60-b172-8d9e0f1a2b0d",
                    "0193e5b0-1a6f-7071-8283-9e0f1a2b3c0e",
                    "0193e5b0-1a70-7182-9394-0f1a2b3c4d0f",
                    "0193e5b0-1a81-7293-a4a5-1a2b3c4d5e10"
                  ],
                  "coverMediaId": "0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04",
                  "imageUrl": "/v1/suggestions/0193e5c4-2b3c-7d4e-8f5a-6b7c8d9e0f08/image",
                  "state": "NEW",
                  "createdAt": "2025-06-14T13:20:41.118Z",
                  "updatedAt": "2025-06-14T13:20:41.118Z"
                }
              ],
              "occasions": [
                {
                  "label": "Mum",
                  "kind": "birthday",
                  "month": 5,
                  "day": 3
                }
              ],
              "purges": []
            }
            """;

    static final String ERASURE = """
            {
              "purgeId": "0193e5e2-4d5e-7f6a-8b7c-8d9e0f1a2b0a",
              "scope": "account",
              "requestedAt": "2025-06-21T08:05:00.411Z",
              "deadline": "2025-06-21T08:06:00.411Z"
            }
            """;

    /** The erasure's purge: six photos' previews and thumbnails and the collage's image (the originals went earlier). */
    static final String PURGE = """
            {
              "purgeId": "0193e5e2-4d5e-7f6a-8b7c-8d9e0f1a2b0a",
              "scope": "account",
              "requestedAt": "2025-06-21T08:05:00.411Z",
              "finishedAt": "2025-06-21T08:05:01.904Z",
              "ledgerEventId": "0193e5e2-5a10-7b3c-9d4e-0f1a2b3c4d0b",
              "objectKeysRoot": "fc3cc16b61b6acc705cbc7a74812e60072f7024643a232bcb2b5c0857df3c435",
              "objects": 13,
              "keys": [
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/preview/0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/preview/0193e5b0-1a4d-7e5f-a061-7c8d9e0f1a06.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/preview/0193e5b0-1a5e-7f60-b172-8d9e0f1a2b0d.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/preview/0193e5b0-1a6f-7071-8283-9e0f1a2b3c0e.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/preview/0193e5b0-1a70-7182-9394-0f1a2b3c4d0f.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/preview/0193e5b0-1a81-7293-a4a5-1a2b3c4d5e10.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/render/0193e5c4-2b3c-7d4e-8f5a-6b7c8d9e0f08.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/thumb/0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/thumb/0193e5b0-1a4d-7e5f-a061-7c8d9e0f1a06.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/thumb/0193e5b0-1a5e-7f60-b172-8d9e0f1a2b0d.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/thumb/0193e5b0-1a6f-7071-8283-9e0f1a2b3c0e.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/thumb/0193e5b0-1a70-7182-9394-0f1a2b3c4d0f.jpg",
                "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/thumb/0193e5b0-1a81-7293-a4a5-1a2b3c4d5e10.jpg"
              ]
            }
            """;

    /** That purge's proof of the first photo's preview: leaf 0 of 13, a real audit path to the root above. */
    static final String KEY_PROOF = """
            {
              "key": "u/5f1c2a9be0d34c7e8a61b2f3c4d5e6f7/preview/0193e5b0-1a3c-7d4e-9f50-6b7c8d9e0f04.jpg",
              "index": 0,
              "size": 13,
              "objectKeysRoot": "fc3cc16b61b6acc705cbc7a74812e60072f7024643a232bcb2b5c0857df3c435",
              "proof": [
                "f098b888f5c340d6946fb10214830a88079dd8e8a19744c02c91f54e50ccf400",
                "3c4183b6cecd43c35376c39199798990e65c310a0c5990bf28e644277ad04645",
                "6373c0268cd2c73751dbeee79a663d401980371c4fd8d61fafe24df4cbbe5060",
                "2c3a9bc1867db558d873b923a3cc1a97badc2b5b7296bf038b3b92dc482b5f9c"
              ]
            }
            """;

    private PrivacyExamples() {}
}
