package dev.camroll.support.internal;

/**
 * Examples of the support API's bodies for the OpenAPI document ({@link dev.camroll.api.Examples}), written once and
 * shared by the operations that answer the same shape. They tell one story: alice, her iPhone, an afternoon's
 * photos; ids are UUIDv7, hashes hex SHA-256. OpenApiDocumentTests validates each against its schema.
 */
final class SupportExamples {

    static final String USER_CONSENT = """
            {
              "userId": "alice",
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
              "chain": {
                "valid": true,
                "length": 2,
                "headHash": "5210c155c7f7676dfa2f54023986176f1116c9bc0a43c6821a2c3b82ec85444c"
              }
            }
            """;

    static final String REVOKE_REQUEST = """
            {
              "reason": "The user asked by e-mail"
            }
            """;

    static final String REVOKED = """
            {
              "purpose": "location_analysis",
              "state": "WITHDRAWN",
              "noticeVersion": "5dc281a1a89fd09883ad4bd9f67b9be1ee0570065bfd1a165a655f844ddbd592",
              "eventId": "0193e5f0-0c1d-7e2f-8a3b-4c5d6e7f8a0b",
              "changedAt": "2025-06-20T16:02:11.480Z",
              "receipt": {
                "eventId": "0193e5f0-0c1d-7e2f-8a3b-4c5d6e7f8a0b",
                "jws": "eyJraWQiOiI2ZjNjOTllZS1lZmU5LTQxMzgtYjQyNC0zZDM3NzczOWYzNGEiLCJ0eXAiOiJjb25zZW50LXJlY2VpcHQrand0IiwiYWxnIjoiRVMyNTYifQ.eyJyZWNlaXB0SWQiOiIwMTkzZTVmMC0wYzFkLTdlMmYtOGEzYi00YzVkNmU3ZjhhMGIiLCJ2ZXJzaW9uIjoiY2Ftcm9sbC1jb25zZW50LXJlY2VpcHQvMSIsInN1YmplY3QiOiJhbGljZSIsInR5cGUiOiJDT05TRU5UIiwicHVycG9zZSI6ImxvY2F0aW9uX2FuYWx5c2lzIiwic3RhdGUiOiJXSVRIRFJBV04iLCJub3RpY2VWZXJzaW9uIjoiNWRjMjgxYTFhODlmZDA5ODgzYWQ0YmQ5ZjY3YjliZTFlZTA1NzAwNjViZmQxYTE2NWE2NTVmODQ0ZGRiZDU5MiIsImFjdG9yIjp7ImtpbmQiOiJTVVBQT1JUIiwiaWQiOiJzYW1Ac3VwcG9ydCJ9LCJvY2N1cnJlZEF0IjoiMjAyNS0wNi0yMFQxNjowMjoxMS40ODBaIiwic2VxIjozLCJwcmV2SGFzaCI6IjUyMTBjMTU1YzdmNzY3NmRmYTJmNTQwMjM5ODYxNzZmMTExNmM5YmMwYTQzYzY4MjFhMmMzYjgyZWM4NTQ0NGMiLCJoYXNoIjoiZTQ3ODRkMjgxNTQyOWNkZmJkNDJkMjRhYjM5ZWE5MDU4ZjcyZWFiM2I3NDU5YmEzOWVmMGVjNmYyMzkzNWE3NCIsImNvbnRyb2xsZXIiOnsibmFtZSI6ImNhbXJvbGwiLCJjb250YWN0IjoicHJpdmFjeUBjYW1yb2xsLmludmFsaWQifX0.tgRMUvcn6kT-ZPjsAX36yHgqQkqOEIdETfr8ZwSsRhMcH65iKo3dPJ_GwKgwgwTNFdUT3Ilwo_QAxjvIWCFsxQ"
              }
            }
            """;

    static final String ACCESS_LOG = """
            {
              "items": [
                {
                  "id": "0193e5d1-3c4d-7e5f-9a6b-7c8d9e0f1a09",
                  "at": "2025-06-20T16:01:58.912Z",
                  "staffId": "sam@support",
                  "reason": "TICKET-4711 uploads stopped",
                  "resource": "GET /v1/support/users/alice/consent",
                  "userId": "alice"
                }
              ],
              "nextCursor": null
            }
            """;

    private SupportExamples() {}
}
