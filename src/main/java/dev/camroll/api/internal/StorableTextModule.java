package dev.camroll.api.internal;

import dev.camroll.api.StorableText;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Refuses, in every JSON request body, string values PostgreSQL cannot store ({@link StorableText}): the field is
 * named in a {@code 400 invalid-request} before any handler runs, instead of a 500 from the database after part of
 * the work. Spring Boot adds every module bean to the JSON mapper it configures.
 */
@Component
class StorableTextModule extends SimpleModule {

    StorableTextModule() {
        super("camroll-storable-text");
        addDeserializer(String.class, new StorableStringDeserializer());
    }

    /** Marks the refusal so the problem can say why, not only that the value has the wrong type. */
    static final String REASON = "not storable text";

    private static final class StorableStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws JacksonException {
            String value = super.deserialize(parser, context);
            if (!StorableText.isStorable(value)) {
                throw context.weirdStringException("", String.class, REASON);
            }
            return value;
        }
    }
}
