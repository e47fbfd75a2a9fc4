package dev.camroll.suggestions.internal;

/**
 * Examples of suggestions and occasions's bodies for the OpenAPI document ({@link dev.camroll.api.Examples}), written once and
 * shared by the operations that answer the same shape. They tell one story: alice, her iPhone, an afternoon's
 * photos; ids are UUIDv7, hashes hex SHA-256. OpenApiDocumentTests validates each against its schema.
 */
final class SuggestionExamples {

    static final String SUGGESTION = """
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
            """;

    static final String SUGGESTION_PAGE = """
            {
              "items": [
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
              "nextCursor": null
            }
            """;

    static final String CHANGES = """
            {
              "upserted": [
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
              "removed": [
                "0193e1a0-9b8c-7d6e-8f0a-1b2c3d4e5f11"
              ],
              "nextToken": "Mg"
            }
            """;

    static final String FEEDBACK = """
            {
              "action": "saved"
            }
            """;

    static final String SAVED = """
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
              "state": "SAVED",
              "createdAt": "2025-06-14T13:20:41.118Z",
              "updatedAt": "2025-06-14T18:03:12.907Z"
            }
            """;

    static final String OCCASIONS = """
            [
              {
                "label": "Mum",
                "kind": "birthday",
                "month": 5,
                "day": 3
              },
              {
                "label": "Wedding day",
                "kind": "anniversary",
                "month": 9,
                "day": 21
              }
            ]
            """;

    private SuggestionExamples() {}
}
