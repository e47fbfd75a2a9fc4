package dev.camroll.consent.internal;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.bc.BouncyCastleProviderSingleton;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.camroll.consent.Actor;
import dev.camroll.consent.ConsentSettings;
import dev.camroll.runtime.CamrollSettings;
import dev.camroll.runtime.JwkFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs consent receipts as compact JWS (ES256) whose payload restates a ledger entry (Kantara consent
 * receipt / ISO/IEC TS 27560 in spirit), so a user can prove a decision without trusting our database.
 * The public key is published at {@code /v1/consent/receipts/jwks.json}.
 */
@Component
class ReceiptSigner {

    static final String RECEIPT_TYPE = "consent-receipt+jwt";

    private static final Logger log = LoggerFactory.getLogger(ReceiptSigner.class);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ECKey key;

    /** Made once, not per receipt (it turns the JWK into a Java private key); Nimbus signers are thread-safe. */
    private final JWSSigner signer;

    private final JWKSet published;

    private final ConsentSettings.Controller controller;

    ReceiptSigner(ConsentSettings settings, CamrollSettings camroll, Environment environment) {
        this.controller = settings.controller();
        if (StringUtils.hasText(settings.receiptSigningKey())) {
            this.key = JwkFiles.parse(settings.receiptSigningKey(), "camroll.consent.receipt-signing-key")
                    .toECKey();
        } else if (environment.containsProperty("spring.datasource.url") && !settings.receiptKeyInDataDir()) {
            // Several instances on one database would each make their own key and publish different key sets.
            throw new IllegalStateException(
                    "With an external database (spring.datasource.url), receipts must be signed "
                            + "with a key from configuration: set camroll.consent.receipt-signing-key to a private EC P-256 JWK "
                            + "(docs/operations.md), or, for a single instance, camroll.consent.receipt-key-in-data-dir=true.");
        } else {
            var file = camroll.keysDir().resolve("receipt-signing.jwk.json");
            this.key = JwkFiles.loadOrCreate(file, ReceiptSigner::generate).toECKey();
            log.info(
                    "Receipts are signed with the key in {} (set camroll.consent.receipt-signing-key when several "
                            + "instances must share it)",
                    file.toAbsolutePath().normalize());
        }
        List<JWK> keys = new ArrayList<>();
        keys.add(key.toPublicJWK());
        for (String retired : settings.retiredReceiptKeys()) {
            try {
                keys.add(JWK.parse(retired).toPublicJWK());
            } catch (ParseException e) {
                throw new IllegalStateException(
                        "camroll.consent.retired-receipt-keys holds something that is not a JWK", e);
            }
        }
        this.published = new JWKSet(keys);
        try {
            ECDSASigner ecdsa = new ECDSASigner(key);
            // Bouncy Castle signs P-256 about six times faster than Java 17's SunEC (0.07 against 0.46 ms, see
            // docs/benchmarks.md), for this signer only: nothing else's cryptography changes provider.
            ecdsa.getJCAContext().setProvider(BouncyCastleProviderSingleton.getInstance());
            this.signer = ecdsa;
        } catch (JOSEException e) {
            throw new IllegalStateException("the receipt signing key is not a usable EC P-256 key", e);
        }
    }

    private static ECKey generate() {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    String sign(ConsentEvent event) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issueTime(new Date())
                .claim("receiptId", event.eventId().toString())
                .claim("version", "camroll-consent-receipt/1")
                .claim("subject", event.subject())
                .claim("type", event.type().name())
                .claim(
                        "purpose",
                        event.purpose() == null ? null : event.purpose().slug())
                .claim("state", event.state() == null ? null : event.state().name())
                .claim("noticeVersion", event.noticeVersion())
                .claim("occurredAt", event.occurredAt().toString())
                .claim("seq", event.seq())
                .claim("prevHash", event.prevHash())
                .claim("hash", event.hash())
                .claim("actor", actor(event.actor()))
                .claim("controller", Map.of("name", controller.name(), "contact", controller.contact()));
        if (event.details() != null) {
            claims.claim("details", JSON.readValue(event.details(), Map.class));
        }
        if (event.reason() != null) {
            claims.claim("reason", event.reason());
        }
        SignedJWT jws = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(new JOSEObjectType(RECEIPT_TYPE))
                        .build(),
                claims.build());
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jws.serialize();
    }

    /** The current key and the retired ones, public parts only. */
    Map<String, Object> jwks() {
        return published.toJSONObject(true);
    }

    private static Map<String, Object> actor(Actor actor) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("kind", actor.kind().name());
        if (actor.id() != null) {
            map.put("id", actor.id());
        }
        return map;
    }
}
