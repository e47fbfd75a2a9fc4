package dev.camroll.consent.internal;

import java.util.Arrays;

import dev.camroll.api.ProblemException;
import dev.camroll.consent.Purpose;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Path segments naming a purpose. Converting them is the first thing a handler does, before its body is read, so
 * an unknown purpose is {@code 404 not-found} whatever the body says.
 */
@Configuration(proxyBeanMethods = false)
class PurposeConverter implements Converter<String, Purpose>, WebMvcConfigurer {

    @Override
    public Purpose convert(String slug) {
        return Purpose.fromSlug(slug)
                .orElseThrow(() -> ProblemException.notFound(
                        "No purpose '" + (slug.length() <= 40 ? slug : slug.substring(0, 40) + "...")
                                + "'; known purposes are "
                                + String.join(
                                        ", ",
                                        Arrays.stream(Purpose.values())
                                                .map(Purpose::slug)
                                                .toList()) + "."));
    }

    @Override
    public void addFormatters(FormatterRegistry registry) {
        registry.addConverter(this);
    }
}
