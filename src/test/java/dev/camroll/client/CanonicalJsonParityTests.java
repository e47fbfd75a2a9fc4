package dev.camroll.client;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** The library's canonical JSON is byte for byte what the service's Jackson writes for the hash chain. */
class CanonicalJsonParityTests {

    private static final JsonMapper JACKSON = JsonMapper.builder().build();

    @Test
    void stringsOfEveryAwkwardKindAreWrittenAsJacksonWritesThem() {
        for (String text : List.of(
                "plain",
                "quote \" backslash \\ slash / angle < & '",
                "controls \b \t \n \f \r \u0000 \u0001 \u001f \u007f",
                "latin é ü ß, CJK 写真, emoji \uD83D\uDCF7",
                "separators \u2028 \u2029, BOM \uFEFF")) {
            Map<String, Object> value = new TreeMap<>(Map.of("text", text, "n", 42L));

            assertThat(CanonicalJson.write(value)).as(text).isEqualTo(JACKSON.writeValueAsString(value));
        }
    }

    @Test
    void nestedObjectsAndNumbersAreWrittenAsTheLedgerStoresDetails() {
        Map<String, Object> details = new TreeMap<>(Map.of(
                "deleted", new TreeMap<>(Map.of("media", 12L, "objects", 36L, "occasions", 0L)),
                "scope", "consent",
                "objectKeysSha256", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));

        assertThat(CanonicalJson.write(details)).isEqualTo(JACKSON.writeValueAsString(details));
    }
}
