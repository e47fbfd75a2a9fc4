package dev.camroll.testing;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.camroll.identity.internal.LocalIssuer;
import dev.camroll.runtime.CamrollSettings;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** Base of the end-to-end tests: the running service, an HTTP client, tokens, and a look into the database. */
@IntegrationTest
public abstract class EndToEndTest {

    @LocalServerPort
    protected int port;

    @Autowired
    protected LocalIssuer issuer;

    @Autowired
    protected CamrollSettings settings;

    @Autowired
    protected JdbcTemplate jdbc;

    protected Api api;

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** A subject no other test uses, so tests never see each other's data. */
    protected static String newUser(String name) {
        return name + "-" + UUID.randomUUID();
    }

    protected String token(String subject, String... roles) {
        return issuer.issue(subject, List.of(roles), Duration.ofMinutes(10));
    }

    /** Signs arbitrary claims with the local issuer's own key, for tokens the issuer would never issue. */
    protected String forgeWithIssuerKey(JWTClaimsSet claims) {
        try {
            RSAKey key = JWK.parse(Files.readString(settings.keysDir().resolve("local-issuer.jwk.json")))
                    .toRSAKey();
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The consent decisions in the user's ledger (CONSENT entries). A withdrawal of cloud_processing also brings a
     * DATA_PURGED entry once its purge has finished, which this does not count.
     */
    protected int decisions(String subject) {
        return jdbc.queryForObject(
                "SELECT count(*) FROM consent_events WHERE subject = ? AND type = 'CONSENT'", Integer.class, subject);
    }

    /** Every entry of the user's ledger. */
    protected int ledgerLength(String subject) {
        return jdbc.queryForObject("SELECT count(*) FROM consent_events WHERE subject = ?", Integer.class, subject);
    }

    /** Waits until the user's purges have finished (each withdrawal of cloud_processing requests one). */
    protected void awaitPurged(String subject) {
        org.awaitility.Awaitility.await("the purge of " + subject)
                .atMost(Duration.ofSeconds(60))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM purges WHERE subject = ? AND finished_at IS NULL",
                                Integer.class,
                                subject)
                        == 0);
    }

    protected String currentNotice(String purpose, String locale) {
        JsonNode purposes = api.get("/v1/consent/purposes?locale=" + locale)
                .token(token("reader"))
                .send()
                .json();
        for (JsonNode p : purposes) {
            if (p.path("purpose").asString().equals(purpose)) {
                return p.path("noticeVersion").asString();
            }
        }
        throw new IllegalArgumentException(purpose);
    }

    protected Api.Response give(String token, String purpose) {
        return api.put(
                        "/v1/consent/" + purpose,
                        java.util.Map.of("state", "GIVEN", "noticeVersion", currentNotice(purpose, "en")))
                .token(token)
                .send();
    }

    protected Api.Response withdraw(String token, String purpose) {
        return api.put("/v1/consent/" + purpose, java.util.Map.of("state", "WITHDRAWN"))
                .token(token)
                .send();
    }
}
