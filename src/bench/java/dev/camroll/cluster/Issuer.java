package dev.camroll.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * The rig's token issuer, as an operator's OIDC provider would be to camroll: an RSA key whose public half the
 * instances trust ({@code public-key-location}), pinned to an issuer and an audience. It also makes the receipt
 * signing key all instances share.
 */
final class Issuer {

    static final String ISSUER = "https://login.rig.camroll.invalid/";

    static final String AUDIENCE = "camroll-api";

    private final RSAKey key;

    private final Path publicKeyFile;

    private Issuer(RSAKey key, Path publicKeyFile) {
        this.key = key;
        this.publicKeyFile = publicKeyFile;
    }

    static Issuer create(Path dir) throws JOSEException, IOException {
        RSAKey key = new RSAKeyGenerator(2048).keyID("rig-issuer").generate();
        Path file = dir.resolve("issuer.pub");
        String pem = "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(key.toRSAPublicKey().getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
        Files.writeString(file, pem);
        return new Issuer(key, file);
    }

    Path publicKeyFile() {
        return publicKeyFile;
    }

    /** A token for {@code subject} valid for two hours, with {@code roles}. */
    String token(String subject, List<String> roles) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(subject)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofHours(2))))
                .claim("roles", roles)
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** A new receipt signing key (EC P-256, private JWK as JSON) for all instances. */
    static String receiptSigningKey() throws JOSEException {
        return new ECKeyGenerator(Curve.P_256)
                .keyID("rig-receipts")
                .keyUse(KeyUse.SIGNATURE)
                .generate()
                .toJSONString();
    }
}
