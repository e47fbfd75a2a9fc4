package dev.camroll.client;

import java.io.IOException;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

/** JSON as the service speaks it: camelCase, absent rather than null, instants as ISO-8601 text. */
final class Json {

    static final Gson GSON = new GsonBuilder()
            .registerTypeAdapter(Instant.class, new InstantAdapter().nullSafe())
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

    private static final class InstantAdapter extends TypeAdapter<Instant> {
        @Override
        public void write(JsonWriter out, Instant value) throws IOException {
            out.value(value.toString());
        }

        @Override
        public Instant read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Instant.parse(in.nextString());
        }
    }
}
