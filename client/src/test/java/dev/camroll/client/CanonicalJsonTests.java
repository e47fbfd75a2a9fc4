package dev.camroll.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanonicalJsonTests {

    @Test
    void keysAreSortedAtEveryLevelWithoutWhitespace() {
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("objects", 3L);
        inner.put("media", 2L);
        Map<String, Object> outer = new LinkedHashMap<>();
        outer.put("scope", "consent");
        outer.put("deleted", inner);
        outer.put("list", List.of(1L, "a", true));

        assertThat(CanonicalJson.write(outer))
                .isEqualTo("{\"deleted\":{\"media\":2,\"objects\":3},\"list\":[1,\"a\",true],\"scope\":\"consent\"}");
    }

    @Test
    void stringsAreEscapedLikeJacksonDoes() {
        assertThat(CanonicalJson.write("q\" b\\ \b\t\n\f\r \u0001\u001f é \u2028 / <"))
                .isEqualTo("\"q\\\" b\\\\ \\b\\t\\n\\f\\r \\u0001\\u001F é \u2028 / <\"");
    }

    @Test
    void aDigestIsLowerCaseHexOfThePrefixAndTheText() {
        // printf 'ab' | sha256sum
        assertThat(CanonicalJson.sha256("a", "b"))
                .isEqualTo("fb8e20fc2e4c3f248c60c39bd652f3c1347298bb977b8b4d5903b85055620603");
    }
}
