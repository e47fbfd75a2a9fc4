package dev.camroll.consent;

import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Consent settings.
 *
 * @param controller who is responsible for the processing; named in every receipt
 * @param receiptSigningKey the private JWK (EC P-256) that signs receipts; required in production so every
 *     instance signs with the same key. When empty, a key is created once under {@code {data-dir}/keys/}.
 * @param retiredReceiptKeys public JWKs (JSON) of earlier signing keys, still published so that receipts users
 *     kept from before a key change stay verifiable
 * @param receiptKeyInDataDir with an external database and no configured key, keep the key in the data
 *     directory anyway (a single instance only; several would sign with different keys)
 * @param noticesLocation where the current notice texts are read from ({@code {purpose}.{locale}.txt} files)
 */
@ConfigurationProperties("camroll.consent")
public record ConsentSettings(
        @DefaultValue Controller controller,
        String receiptSigningKey,
        @DefaultValue({}) List<String> retiredReceiptKeys,
        @DefaultValue("false") boolean receiptKeyInDataDir,
        @DefaultValue("classpath:consent/notices/") String noticesLocation) {

    /** The data controller as named in receipts. */
    public record Controller(
            @DefaultValue("camroll") String name,
            @DefaultValue("privacy@camroll.invalid") String contact) {}
}
