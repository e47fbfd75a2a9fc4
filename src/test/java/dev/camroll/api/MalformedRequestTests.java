package dev.camroll.api;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.camroll.testing.Api;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.RawHttp;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests no well-behaved client sends, written byte for byte where HTTP clients would normalise them: each gets a
 * problem document with the right status (never a 500, never Tomcat's HTML page) and changes nothing.
 */
class MalformedRequestTests extends EndToEndTest {

    private RawHttp raw;

    private String subject;

    private String token;

    @BeforeEach
    void user() {
        raw = new RawHttp(port);
        subject = newUser("malformed");
        token = token(subject);
    }

    @Test
    void queryStringsThatDoNotDecodeAsUtf8AreInvalidAndNamed() {
        for (String value : new String[] {"%ZZ", "%C0%AF", "%ED%A0%80", "%E2%82", "a%00b", "%"}) {
            RawHttp.Response response =
                    raw.send("GET /v1/consent/history?limit=5&x=" + value + " HTTP/1.1" + bearer(token));
            assertProblem(response, 400, "invalid-request");
            assertThat(response.json().path("field").asString()).as(value).isEqualTo("x");
        }
        assertThat(raw.send("GET /v1/consent/history?limit=5&x=f%C3%BCr+%F0%9F%93%B7 HTTP/1.1" + bearer(token))
                        .status())
                .as("well-formed UTF-8, including outside the BMP, is fine")
                .isEqualTo(200);
    }

    @Test
    void aNulInAQueryParameterThatReachesTheDatabaseIsInvalid() {
        String admin = token(newUser("admin"), "support", "admin");
        RawHttp.Response response = raw.send("GET /v1/support/access-log?userId=a%00b HTTP/1.1"
                + "\r\nX-Access-Reason: TICKET-1 NUL in a query" + bearer(admin));
        assertProblem(response, 400, "invalid-request");
        assertThat(response.json().path("field").asString()).isEqualTo("userId");
    }

    @Test
    void aNulOrAnUnpairedSurrogateInAJsonFieldIsInvalidAndNamedAndWritesNothing() {
        give(token, "cloud_processing");
        int before = ledgerLength(subject);
        RawHttp.Response consent = raw.send(
                "PUT /v1/consent/location_analysis HTTP/1.1\r\nContent-Type: application/json" + bearer(token),
                "{\"state\":\"GIVEN\",\"noticeVersion\":\"" + currentNotice("location_analysis", "en")
                        + "\",\"method\":\"toggle\\u0000\"}");
        assertProblem(consent, 400, "invalid-request");
        assertThat(consent.json().path("field").asString()).isEqualTo("method");
        assertThat(ledgerLength(subject)).isEqualTo(before);

        for (String appVersion : new String[] {"1.0\\u0000", "1.0\\ud800", "\\udc00", "\\udc00\\ud800"}) {
            RawHttp.Response device = raw.send(
                    "PUT /v1/devices/phone HTTP/1.1\r\nContent-Type: application/json" + bearer(token),
                    "{\"platform\":\"ios\",\"appVersion\":\"" + appVersion + "\",\"photoLibraryAccess\":\"full\"}");
            assertProblem(device, 400, "invalid-request");
            assertThat(device.json().path("field").asString()).as(appVersion).isEqualTo("appVersion");
        }
        // a raw NUL inside a JSON string is not JSON at all (RFC 8259 7: control characters are escaped)
        assertProblem(
                raw.send(
                        "PUT /v1/devices/phone HTTP/1.1\r\nContent-Type: application/json" + bearer(token),
                        "{\"platform\":\"ios\",\"appVersion\":\"1.0\u0000\",\"photoLibraryAccess\":\"full\"}"),
                400,
                "invalid-request");
        RawHttp.Response manifest = raw.send(
                "POST /v1/devices/phone/batches HTTP/1.1\r\nContent-Type: application/json" + bearer(token),
                "{\"items\":[{\"clientAssetId\":\"IMG\\u0000\",\"sha256\":\"" + "a".repeat(64)
                        + "\",\"size\":1,\"mimeType\":\"image/jpeg\",\"kind\":\"photo\"}]}");
        assertProblem(manifest, 400, "invalid-request");
        assertThat(manifest.json().path("field").asString()).isEqualTo("items[0].clientAssetId");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM devices WHERE subject = ?", Integer.class, subject))
                .isZero();
    }

    @Test
    void aNulInTusUploadMetadataIsInvalid() {
        TusUploads tus = new TusUploads(api, token).ready(currentNotice("cloud_processing", "en"));
        TusUploads.Announced upload = tus.announce(new byte[] {1, 2, 3}, "image/jpeg", "photo");
        for (byte[] clientAssetId :
                new byte[][] {"IMG\u0000".getBytes(StandardCharsets.UTF_8), {(byte) 0xC0, (byte) 0xAF}}) {
            RawHttp.Response response = raw.send("POST /v1/uploads HTTP/1.1\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 3"
                    + "\r\nUpload-Metadata: batchId " + base64(upload.batchId().getBytes(StandardCharsets.UTF_8))
                    + ",clientAssetId " + base64(clientAssetId) + bearer(token));
            assertProblem(response, 400, "invalid-request");
            assertThat(response.json().path("field").asString()).isEqualTo("Upload-Metadata");
        }
        assertThat(tus.offset(upload)).isZero();
        // tus metadata values may be any bytes: only the ones looked up must be text
        RawHttp.Response binaryName = raw.send("POST /v1/uploads HTTP/1.1\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 3"
                + "\r\nUpload-Metadata: batchId " + base64(upload.batchId().getBytes(StandardCharsets.UTF_8))
                + ",clientAssetId " + base64(upload.clientAssetId().getBytes(StandardCharsets.UTF_8))
                + ",filename " + base64(new byte[] {(byte) 0xFF, 0}) + bearer(token));
        assertThat(binaryName.status()).as(binaryName.toString()).isEqualTo(201);
    }

    @Test
    void aTokenWhoseSubjectHasANulOrAnUnpairedSurrogateIsUnauthorized() throws Exception {
        // the JSON escape is written into the payload as text: a JWT library would encode the surrogate as '?'
        String issued = token(subject);
        String payload = SignedJWT.parse(issued).getPayload().toString();
        for (String sub : new String[] {"alice\\u0000", "alice\\ud800", "\\udfff"}) {
            String claims = payload.replace("\"sub\":\"" + subject + "\"", "\"sub\":\"" + sub + "\"");
            assertThat(claims).contains(sub);
            String forged = signWithIssuerKey(claims);
            Api.Response response = api.get("/v1/consent").token(forged).send();
            assertThat(response.status()).as(sub + ": " + response).isEqualTo(401);
            assertThat(response.header("Content-Type")).startsWith("application/problem+json");
            assertThat(response.problem()).isEqualTo("unauthorized");
        }
        assertThat(api.get("/v1/consent")
                        .token(signWithIssuerKey(payload))
                        .send()
                        .status())
                .as("the same payload, untouched, is accepted")
                .isEqualTo(200);
    }

    private String signWithIssuerKey(String payload) throws Exception {
        RSAKey key = JWK.parse(Files.readString(settings.keysDir().resolve("local-issuer.jwk.json")))
                .toRSAKey();
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                new Payload(payload));
        jws.sign(new RSASSASigner(key));
        return jws.serialize();
    }

    @Test
    void anAccessReasonTypedInUtf8IsLoggedAsTyped() {
        give(token, "cloud_processing");
        String staff = token(newUser("agent"), "support");
        String typed = "TICKET-7 R\u00fcckfrage f\u00fcr Kunde, \u20ac 5 \u00dcbergabe";
        RawHttp.Response utf8 = raw.send(
                ("GET /v1/support/users/" + subject + "/consent HTTP/1.1\r\nX-Access-Reason: " + typed + bearer(staff))
                        .getBytes(StandardCharsets.UTF_8),
                new byte[0]);
        assertThat(utf8.status()).as(utf8.body()).isEqualTo(200);
        // an ISO-8859-1 client sends 0xFC for ü: not UTF-8, so it is read as ISO-8859-1
        String latin1Reason = "TICKET-8 f\u00fcr Kunde";
        RawHttp.Response latin1 = raw.send(
                ("GET /v1/support/users/" + subject + "/consent HTTP/1.1\r\nX-Access-Reason: " + latin1Reason
                                + bearer(staff))
                        .getBytes(StandardCharsets.ISO_8859_1),
                new byte[0]);
        assertThat(latin1.status()).as(latin1.body()).isEqualTo(200);

        JsonNode log = api.get("/v1/me/access-log").token(token).send().json().path("items");
        assertThat(log.findValuesAsString("reason")).containsExactlyInAnyOrder(typed, latin1Reason);
    }

    @Test
    void aWildcardContentTypeOnAWriteIsUnsupported() {
        for (String type : new String[] {"*/*", "application/*", "not a type"}) {
            RawHttp.Response response = raw.send(
                    "PUT /v1/devices/phone HTTP/1.1\r\nContent-Type: " + type + bearer(token),
                    "{\"platform\":\"ios\",\"appVersion\":\"1.0\",\"photoLibraryAccess\":\"full\"}");
            assertProblem(response, 415, "unsupported-media-type");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM devices WHERE subject = ?", Integer.class, subject))
                .isZero();
    }

    @Test
    void aFormBodyOnATusPatchIsUnsupportedAndStoresNothing() {
        TusUploads tus = new TusUploads(api, token).ready(currentNotice("cloud_processing", "en"));
        TusUploads.Announced upload = tus.announce(new byte[] {1, 2, 3}, "image/jpeg", "photo");
        for (String body : new String[] {"a=%ZZ&b=%00", "a=b"}) {
            RawHttp.Response response = raw.send(
                    "PATCH " + upload.path() + " HTTP/1.1\r\nTus-Resumable: 1.0.0"
                            + "\r\nUpload-Offset: 0\r\nContent-Type: application/x-www-form-urlencoded" + bearer(token),
                    body);
            assertProblem(response, 415, "unsupported-media-type");
        }
        RawHttp.Response post = raw.send(
                "POST /v1/uploads HTTP/1.1\r\nTus-Resumable: 1.0.0\r\nUpload-Length: 3"
                        + "\r\nContent-Type: application/x-www-form-urlencoded" + bearer(token),
                "x=%ZZ");
        assertProblem(post, 400, "invalid-request");
        assertThat(tus.offset(upload)).isZero();
    }

    @Test
    void whatTomcatRefusesBeforeSpringIsAProblemNotAnHtmlPage() {
        String[] requests = {
            "GET /v1/consent/receipts/a%2fb HTTP/1.1",
            "GET /v1/consent%00 HTTP/1.1",
            "GET /v1/%ZZ HTTP/1.1",
            "GET /v1/media/%C0%AF HTTP/1.1",
            "GET /v1/media/%ED%A0%80 HTTP/1.1",
            "GET /v1/consent?" + "q".repeat(10_000) + " HTTP/1.1",
            "GET /v1/consent HTTP/1.1\r\nX-Padding: " + "p".repeat(20_000),
            "GET /v1/consent HTTP/1.1\r\nX-Nul: a\u0000b",
            "GET /v1/con sent HTTP/1.1",
        };
        for (String request : requests) {
            RawHttp.Response response = raw.send(request + bearer(token));
            assertProblem(response, 400, "invalid-request");
            assertThat(response.body()).as(request).doesNotContain("Tomcat", "<html", "Exception");
        }
    }

    @Test
    void whatTheFirewallRefusesIsAProblem() {
        for (String path : new String[] {
            "/v1//consent", "/v1/consent;jsessionid=1", "/v1/%2e%2e/v1/consent", "/v1/consent/%25ZZ", "/v1/consent%5C"
        }) {
            RawHttp.Response response = raw.send("GET " + path + " HTTP/1.1" + bearer(token));
            assertProblem(response, 400, "invalid-request");
        }
    }

    @Test
    void anAcceptTheServiceCannotSatisfyIsA406WithAProblemBody() {
        for (String accept : new String[] {"image/png", "text/html", "application/problem+json"}) {
            RawHttp.Response response = raw.send("GET /v1/consent HTTP/1.1\r\nAccept: " + accept + bearer(token));
            assertProblem(response, 406, "not-acceptable");
        }
        RawHttp.Response error = raw.send(
                "GET /v1/consent/receipts/" + "0".repeat(36) + " HTTP/1.1\r\nAccept: image/png" + bearer(token));
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.header("Content-Type"))
                .as("an error is a problem whatever was accepted")
                .startsWith("application/problem+json");
        RawHttp.Response unauthorized = raw.send("GET /v1/consent HTTP/1.1\r\nAccept: text/html");
        assertProblem(unauthorized, 401, "unauthorized");
    }

    @Test
    void aWriteFromAClientAcceptingOnlyProblemsIsRefusedBeforeItIsMade() {
        for (String accept :
                new String[] {"application/problem+json", "application/problem+json;q=0.9, application/problem+xml"}) {
            RawHttp.Response response = raw.send(
                    "PUT /v1/devices/phone HTTP/1.1\r\nContent-Type: application/json" + "\r\nAccept: " + accept
                            + bearer(token),
                    "{\"platform\":\"ios\",\"appVersion\":\"1.0\",\"photoLibraryAccess\":\"full\"}");
            assertProblem(response, 406, "not-acceptable");
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM devices WHERE subject = ?", Integer.class, subject))
                .isZero();
    }

    @Test
    void aSuccessIsLabelledWithItsOwnMediaType() {
        RawHttp.Response response = raw.send(
                "GET /v1/consent HTTP/1.1\r\nAccept: application/json, application/problem+json" + bearer(token));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type")).startsWith("application/json");
    }

    private static String bearer(String token) {
        return "\r\nAuthorization: Bearer " + token;
    }

    private static String base64(byte[] value) {
        return Base64.getEncoder().encodeToString(value);
    }

    static void assertProblem(RawHttp.Response response, int status, String slug) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Content-Type")).as(response.toString()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.path("type").asString()).isEqualTo(ProblemType.BASE_URI + slug);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("title").asString()).isNotBlank();
        assertThat(problem.path("detail").asString()).isNotBlank();
    }
}
