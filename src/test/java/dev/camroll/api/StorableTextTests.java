package dev.camroll.api;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one rule for text that may reach PostgreSQL. */
class StorableTextTests {

    @Test
    void nulAndUnpairedSurrogatesAreNotStorableButEverythingElseIs() {
        assertThat(StorableText.isStorable("a\u0000b")).isFalse();
        assertThat(StorableText.isStorable("\ud800")).isFalse();
        assertThat(StorableText.isStorable("x\udc00")).isFalse();
        assertThat(StorableText.isStorable("\udc00\ud800")).isFalse();
        assertThat(StorableText.isStorable("f\u00fcr \u20ac \ud83d\udcf7 \t\u0001"))
                .isTrue();
        assertThat(StorableText.isStorable(null)).isTrue();
    }

    @Test
    void utf8IsReadStrictly() {
        assertThat(StorableText.utf8(new byte[] {(byte) 0xC0, (byte) 0xAF}))
                .as("overlong '/'")
                .isEmpty();
        assertThat(StorableText.utf8(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}))
                .as("encoded surrogate")
                .isEmpty();
        assertThat(StorableText.utf8(new byte[] {(byte) 0xE2, (byte) 0x82}))
                .as("truncated")
                .isEmpty();
        assertThat(StorableText.utf8(new byte[] {'a', 0, 'b'})).as("NUL").isEmpty();
        assertThat(StorableText.utf8("f\u00fcr".getBytes(StandardCharsets.UTF_8)))
                .contains("f\u00fcr");
    }

    @Test
    void aHeaderTypedInUtf8IsReadAsUtf8AndAnyOtherAsIso88591() {
        String asTomcatReadsUtf8 =
                new String("f\u00fcr \u20ac".getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
        assertThat(StorableText.headerValue(asTomcatReadsUtf8)).isEqualTo("f\u00fcr \u20ac");
        assertThat(StorableText.headerValue("f\u00fcr"))
                .as("ISO-8859-1 0xFC is not UTF-8")
                .isEqualTo("f\u00fcr");
        assertThat(StorableText.headerValue("TICKET-1 plain")).isEqualTo("TICKET-1 plain");
        assertThat(StorableText.headerValue(null)).isNull();
    }
}
