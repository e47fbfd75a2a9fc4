package dev.camroll.consent.internal;

/**
 * Examples of the consent API's bodies for the OpenAPI document ({@link dev.camroll.api.Examples}), written once and
 * shared by the operations that answer the same shape. They tell one story: alice, her iPhone, an afternoon's
 * photos; ids are UUIDv7, hashes hex SHA-256. OpenApiDocumentTests validates each against its schema.
 */
final class ConsentExamples {

    static final String PURPOSES = """
            [
              {
                "purpose": "cloud_processing",
                "title": "Cloud processing of your photo library",
                "description": "Upload your photos and videos so we can analyse them and suggest collages, recaps and themes.",
                "requires": [],
                "noticeVersion": "9c1e4f0a2b7d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
                "noticeText": "When you turn this on, the app uploads the photos and videos of your library to our servers in the background. We analyse each file to suggest collages, monthly recaps and themes. Only you see your files and suggestions.\\n\\nYou can turn this off at any time: we stop uploading at once, delete everything we hold of yours and give you a signed receipt of the deletion.",
                "locale": "en"
              },
              {
                "purpose": "location_analysis",
                "title": "Use where your photos were taken",
                "description": "Keep the GPS position of your photos to find trips and golden-hour shots.",
                "requires": [
                  "cloud_processing"
                ],
                "noticeVersion": "5dc281a1a89fd09883ad4bd9f67b9be1ee0570065bfd1a165a655f844ddbd592",
                "noticeText": "Many photos record where they were taken. When you turn this on, we keep those positions and use them to recognise trips and shots around sunrise and sunset. Only you see the places.",
                "locale": "en"
              }
            ]
            """;

    static final String NOTICE = """
            {
              "purpose": "cloud_processing",
              "title": "Cloud processing of your photo library",
              "description": "Upload your photos and videos so we can analyse them and suggest collages, recaps and themes.",
              "noticeVersion": "9c1e4f0a2b7d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
              "noticeText": "When you turn this on, the app uploads the photos and videos of your library to our servers in the background. We analyse each file to suggest collages, monthly recaps and themes. Only you see your files and suggestions.\\n\\nYou can turn this off at any time: we stop uploading at once, delete everything we hold of yours and give you a signed receipt of the deletion.",
              "locale": "en",
              "publishedAt": "2025-05-02T08:00:00Z",
              "current": true
            }
            """;

    static final String STATUS = """
            {
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
              ]
            }
            """;

    static final String DECISION_REQUEST = """
            {
              "state": "GIVEN",
              "noticeVersion": "9c1e4f0a2b7d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
              "locale": "en",
              "clientTime": "2025-06-14T09:12:02Z",
              "method": "toggle",
              "platform": "ios",
              "appVersion": "3.4.1",
              "deviceId": "iphone-15"
            }
            """;

    static final String DECISION = """
            {
              "purpose": "cloud_processing",
              "state": "GIVEN",
              "noticeVersion": "9c1e4f0a2b7d3e5f6a8b9c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f",
              "eventId": "0193e5a2-7c41-7d2e-8a51-3f9b1c2d4e01",
              "changedAt": "2025-06-14T09:12:03.215Z",
              "receipt": {
                "eventId": "0193e5a2-7c41-7d2e-8a51-3f9b1c2d4e01",
                "jws": "eyJraWQiOiI2ZjNjOTllZS1lZmU5LTQxMzgtYjQyNC0zZDM3NzczOWYzNGEiLCJ0eXAiOiJjb25zZW50LXJlY2VpcHQrand0IiwiYWxnIjoiRVMyNTYifQ.eyJyZWNlaXB0SWQiOiIwMTkzZTVhMi03YzQxLTdkMmUtOGE1MS0zZjliMWMyZDRlMDEiLCJ2ZXJzaW9uIjoiY2Ftcm9sbC1jb25zZW50LXJlY2VpcHQvMSIsInN1YmplY3QiOiJhbGljZSIsInR5cGUiOiJDT05TRU5UIiwicHVycG9zZSI6ImNsb3VkX3Byb2Nlc3NpbmciLCJzdGF0ZSI6IkdJVkVOIiwibm90aWNlVmVyc2lvbiI6IjljMWU0ZjBhMmI3ZDNlNWY2YThiOWMwZDFlMmYzYTRiNWM2ZDdlOGY5YTBiMWMyZDNlNGY1YTZiN2M4ZDllMGYiLCJhY3RvciI6eyJraW5kIjoiVVNFUiIsImlkIjoiYWxpY2UifSwib2NjdXJyZWRBdCI6IjIwMjUtMDYtMTRUMDk6MTI6MDMuMjE1WiIsInNlcSI6MSwicHJldkhhc2giOiIwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwIiwiaGFzaCI6ImZjMDBjMjcxMzQ3MzVlY2EyYzA5MGU3YmM3YTMxZWQ3YjE5MDllMGM3OGYxMzAzZmQ3YWVhMTVjMjU1NzRkZjYiLCJjb250cm9sbGVyIjp7Im5hbWUiOiJjYW1yb2xsIiwiY29udGFjdCI6InByaXZhY3lAY2Ftcm9sbC5pbnZhbGlkIn19.tgRMUvcn6kT-ZPjsAX36yHgqQkqOEIdETfr8ZwSsRhMcH65iKo3dPJ_GwKgwgwTNFdUT3Ilwo_QAxjvIWCFsxQ"
              }
            }
            """;

    static final String HISTORY = """
            {
              "items": [
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
                  "hash": "fc00c27134735eca2c090e7bc7a31ed7b1909e0c78f1303fd7aea15c25574df6"
                },
                {
                  "eventId": "0193e5a2-8f10-7a44-9b3c-1e2f3a4b5c02",
                  "seq": 2,
                  "type": "CONSENT",
                  "purpose": "location_analysis",
                  "state": "GIVEN",
                  "noticeVersion": "5dc281a1a89fd09883ad4bd9f67b9be1ee0570065bfd1a165a655f844ddbd592",
                  "locale": "en",
                  "actor": {
                    "kind": "USER",
                    "id": "alice"
                  },
                  "occurredAt": "2025-06-14T09:12:41.030Z",
                  "prevHash": "fc00c27134735eca2c090e7bc7a31ed7b1909e0c78f1303fd7aea15c25574df6",
                  "hash": "5210c155c7f7676dfa2f54023986176f1116c9bc0a43c6821a2c3b82ec85444c"
                }
              ],
              "nextCursor": null,
              "chain": {
                "valid": true,
                "length": 2,
                "headHash": "5210c155c7f7676dfa2f54023986176f1116c9bc0a43c6821a2c3b82ec85444c"
              }
            }
            """;

    static final String RECEIPT = """
            {
              "eventId": "0193e5a2-7c41-7d2e-8a51-3f9b1c2d4e01",
              "jws": "eyJraWQiOiI2ZjNjOTllZS1lZmU5LTQxMzgtYjQyNC0zZDM3NzczOWYzNGEiLCJ0eXAiOiJjb25zZW50LXJlY2VpcHQrand0IiwiYWxnIjoiRVMyNTYifQ.eyJyZWNlaXB0SWQiOiIwMTkzZTVhMi03YzQxLTdkMmUtOGE1MS0zZjliMWMyZDRlMDEiLCJ2ZXJzaW9uIjoiY2Ftcm9sbC1jb25zZW50LXJlY2VpcHQvMSIsInN1YmplY3QiOiJhbGljZSIsInR5cGUiOiJDT05TRU5UIiwicHVycG9zZSI6ImNsb3VkX3Byb2Nlc3NpbmciLCJzdGF0ZSI6IkdJVkVOIiwibm90aWNlVmVyc2lvbiI6IjljMWU0ZjBhMmI3ZDNlNWY2YThiOWMwZDFlMmYzYTRiNWM2ZDdlOGY5YTBiMWMyZDNlNGY1YTZiN2M4ZDllMGYiLCJhY3RvciI6eyJraW5kIjoiVVNFUiIsImlkIjoiYWxpY2UifSwib2NjdXJyZWRBdCI6IjIwMjUtMDYtMTRUMDk6MTI6MDMuMjE1WiIsInNlcSI6MSwicHJldkhhc2giOiIwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwIiwiaGFzaCI6ImZjMDBjMjcxMzQ3MzVlY2EyYzA5MGU3YmM3YTMxZWQ3YjE5MDllMGM3OGYxMzAzZmQ3YWVhMTVjMjU1NzRkZjYiLCJjb250cm9sbGVyIjp7Im5hbWUiOiJjYW1yb2xsIiwiY29udGFjdCI6InByaXZhY3lAY2Ftcm9sbC5pbnZhbGlkIn19.tgRMUvcn6kT-ZPjsAX36yHgqQkqOEIdETfr8ZwSsRhMcH65iKo3dPJ_GwKgwgwTNFdUT3Ilwo_QAxjvIWCFsxQ"
            }
            """;

    static final String JWKS = """
            {
              "keys": [
                {
                  "kty": "EC",
                  "use": "sig",
                  "crv": "P-256",
                  "kid": "6f3c99ee-efe9-4138-b424-3d377739f34a",
                  "x": "fElq1N5EwuX_UjFJ0LHPpRXLKBtdzZSstm78Iklx6Es",
                  "y": "oL1EFuirw9esPYhbJcI9cnu8XEv1fq7pFqCehqM2new"
                }
              ]
            }
            """;

    static final String MY_ACCESS_LOG = """
            {
              "items": [
                {
                  "at": "2025-06-20T16:01:58.912Z",
                  "staffId": "sam@support",
                  "reason": "TICKET-4711 uploads stopped",
                  "resource": "GET /v1/support/users/alice/consent"
                }
              ],
              "nextCursor": null
            }
            """;

    private ConsentExamples() {}
}
