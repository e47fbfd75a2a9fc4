package dev.camroll.client;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.function.Function;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.ToNumberPolicy;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/** JSON as the service speaks it: camelCase, absent rather than null, instants as ISO-8601 text. */
final class Json {

    static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(Instant.class, new TextAdapter<>(Instant::parse).nullSafe())
            .registerTypeAdapter(LocalDateTime.class, new TextAdapter<>(LocalDateTime::parse).nullSafe())
            .registerTypeAdapter(LocalDate.class, new TextAdapter<>(LocalDate::parse).nullSafe())
            // Counts in free-form members (problem members, ledger details) stay whole numbers: 3, not 3.0.
            .setObjectToNumberStrategy(ToNumberPolicy.LONG_OR_DOUBLE)
            .disableHtmlEscaping()
            .create();

    private Json() {}

    static byte[] write(Object value) {
        return GSON.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    static <T> T read(byte[] body, Type type) {
        return GSON.fromJson(new String(body, StandardCharsets.UTF_8), type);
    }

    static JsonElement tree(byte[] body) {
        return GSON.fromJson(new String(body, StandardCharsets.UTF_8), JsonElement.class);
    }

    /** A value the service writes as ISO-8601 text ({@code toString()}), read back with {@code parse}. */
    private static final class TextAdapter<T> extends TypeAdapter<T> {

        private final Function<String, T> parse;

        TextAdapter(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public void write(JsonWriter out, T value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public T read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return parse.apply(in.nextString());
        }
    }
}
