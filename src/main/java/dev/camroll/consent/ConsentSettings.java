package dev.camroll.consent;

import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consent settings ({@code camroll.consent.*}).
 *
 * @param controller Who is responsible for the processing; named in every receipt.
 * @param receiptSigningKey The private JWK (EC P-256, as JSON) that signs receipts. Required with an external database
 *     (spring.datasource.url) so every instance signs with the same key, unless receipt-key-in-data-dir is true. When
 *     empty in the embedded mode, a key is created once under {data-dir}/keys/.
 * @param retiredReceiptKeys Public JWKs (JSON) of earlier signing keys, still published in the JWKS so that receipts
 *     users kept from before a key change stay verifiable.
 * @param receiptKeyInDataDir With an external database and no configured key, keep the key in the data directory
 *     anyway (a single instance only; several would sign with different keys).
 * @param noticesLocation Where the current notice texts are read from ({purpose}.{locale}.txt files); every text ever
 *     published stays in the database.
 */
@ConfigurationProperties("camroll.consent")
public record ConsentSettings(
        @DefaultValue Controller controller,
        @Nullable String receiptSigningKey,
        @DefaultValue({}) List<String> retiredReceiptKeys,
        @DefaultValue("false") boolean receiptKeyInDataDir,
        @DefaultValue("classpath:consent/notices/") String noticesLocation) {

    /**
     * The data controller as named in receipts.
     *
     * @param name The controller's name in every receipt.
     * @param contact The controller's contact in every receipt; set a real address.
     */
    public record Controller(
            @DefaultValue("camroll") String name,
            @DefaultValue("privacy@camroll.invalid") String contact) {}
}
