package dev.camroll.identity.internal;

/**
 * Examples of development tokens's bodies for the OpenAPI document ({@link dev.camroll.api.Examples}), written once and
 * shared by the operations that answer the same shape. They tell one story: alice, her iPhone, an afternoon's
 * photos; ids are UUIDv7, hashes hex SHA-256. OpenApiDocumentTests validates each against its schema.
 */
final class DevTokenExamples {

    static final String TOKEN_REQUEST = """
            {
              "sub": "alice",
              "roles": [
                "support"
              ],
              "ttlSeconds": 3600
            }
            """;

    static final String TOKEN = """
            {
              "token": "eyJraWQiOiI3MjZmZjNmZi04ODM4LTQ0YzktODU3ZS05ODBiNzkwZDg2NzEiLCJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJjYW1yb2xsIiwic3ViIjoiYWxpY2UiLCJyb2xlcyI6WyJzdXBwb3J0Il0sImlzcyI6ImNhbXJvbGwtbG9jYWwiLCJleHAiOjE3NDk4OTU5MjMsImlhdCI6MTc0OTg5MjMyM30.axl7XwP3XLuvHNVy_srfzg5Uigekb7HVAXixCa7belYze7OqBNWohSAudAN4vTkbsmstUuFm6M226YA2W_gwAB9hhFVBYGaL15JeCAOzRlykLw_U_Z6gs60WAHr7Sk2ebgyaV8Tx",
              "tokenType": "Bearer",
              "expiresAt": "2025-06-14T10:12:03Z"
            }
            """;

    private DevTokenExamples() {}
}
