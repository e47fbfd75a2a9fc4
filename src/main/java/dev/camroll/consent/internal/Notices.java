package dev.camroll.consent.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.camroll.consent.ConsentSettings;
import dev.camroll.consent.Purpose;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The notice texts. The texts at {@link ConsentSettings#noticesLocation()} ({@code {purpose}.{locale}.txt}, by
 * default shipped in the jar) are the current ones;
 * at start-up each is published into {@code consent_notices}, where every text ever shown stays readable.
 * English is the fallback locale.
 */
@Component
@DependsOnDatabaseInitialization
class Notices implements InitializingBean {

    static final String FALLBACK_LOCALE = "en";

    private static final Logger log = LoggerFactory.getLogger(Notices.class);

    private static final Pattern FILE = Pattern.compile("([a-z_]+)\\.([a-z]{2})\\.txt");

    private static final String SEPARATOR = "\n---\n";

    // The owner of consent_notices. JdbcClient, not JPA: instances starting together publish the same texts with
    // INSERT ... ON CONFLICT DO NOTHING, and the rows are never changed.
    private final JdbcClient jdbc;

    private final String location;

    private final Map<Purpose, Map<String, Notice>> current = new EnumMap<>(Purpose.class);

    Notices(JdbcClient jdbc, ConsentSettings settings) {
        this.jdbc = jdbc;
        this.location = settings.noticesLocation().endsWith("/")
                ? settings.noticesLocation()
                : settings.noticesLocation() + "/";
    }

    @Override
    public void afterPropertiesSet() throws IOException {
        for (Resource resource : new PathMatchingResourcePatternResolver().getResources(location + "*.txt")) {
            Matcher name = FILE.matcher(resource.getFilename());
            Purpose purpose = name.matches() ? Purpose.fromSlug(name.group(1)).orElse(null) : null;
            if (purpose == null) {
                throw new IllegalStateException("notice file of no known purpose: " + resource.getFilename());
            }
            Notice shipped = parse(purpose, name.group(2), resource.getContentAsString(StandardCharsets.UTF_8));
            publish(shipped);
            // A text is published once; its title and description stay as first shown, wherever they are read.
            Notice notice = find(shipped.version()).orElseThrow();
            if (!notice.title().equals(shipped.title()) || !notice.description().equals(shipped.description())) {
                log.warn(
                        "Notice {} of {} keeps its first published title and description; change the text to publish "
                                + "new ones",
                        notice.version(),
                        purpose.slug());
            }
            current.computeIfAbsent(purpose, p -> new HashMap<>()).put(notice.locale(), notice);
        }
        for (Purpose purpose : Purpose.values()) {
            if (!current.getOrDefault(purpose, Map.of()).containsKey(FALLBACK_LOCALE)) {
                throw new IllegalStateException("no English notice for " + purpose.slug());
            }
        }
    }

    private static Notice parse(Purpose purpose, String locale, String file) {
        String content = file.replace("\r\n", "\n");
        int split = content.indexOf(SEPARATOR);
        if (split < 0) {
            throw new IllegalStateException("notice " + purpose.slug() + "." + locale + " lacks the --- line");
        }
        Map<String, String> header = new HashMap<>();
        for (String line : content.substring(0, split).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                header.put(
                        line.substring(0, colon).trim(),
                        line.substring(colon + 1).trim());
            }
        }
        String text = content.substring(split + SEPARATOR.length()).strip();
        return new Notice(sha256(text), purpose, locale, header.get("title"), header.get("description"), text, null);
    }

    private void publish(Notice notice) {
        jdbc.sql("""
                INSERT INTO consent_notices (version, purpose, locale, title, description, notice_text)
                VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (version) DO NOTHING
                """)
                .params(
                        notice.version(),
                        notice.purpose().slug(),
                        notice.locale(),
                        notice.title(),
                        notice.description(),
                        notice.text())
                .update();
    }

    /** The current notice of {@code purpose} in the language of {@code locale} (a tag like {@code de-AT}), else English. */
    Notice current(Purpose purpose, @Nullable String locale) {
        Map<String, Notice> byLocale = current.get(purpose);
        return byLocale.getOrDefault(language(locale), byLocale.get(FALLBACK_LOCALE));
    }

    /** Whether {@code version} is a current text of {@code purpose} in any language. */
    boolean isCurrent(Purpose purpose, @Nullable String version) {
        return version != null
                && current.get(purpose).values().stream()
                        .anyMatch(n -> n.version().equals(version));
    }

    /** Any text ever published, current or not. */
    Optional<Notice> find(String version) {
        return jdbc.sql("""
                SELECT version, purpose, locale, title, description, notice_text, published_at
                FROM consent_notices WHERE version = ?
                """)
                .param(version)
                .query((rs, n) -> new Notice(
                        rs.getString(1),
                        Purpose.fromSlug(rs.getString(2)).orElseThrow(),
                        rs.getString(3),
                        rs.getString(4),
                        rs.getString(5),
                        rs.getString(6),
                        rs.getTimestamp(7).toInstant()))
                .optional();
    }

    static String language(@Nullable String locale) {
        if (locale == null || locale.isBlank()) {
            return FALLBACK_LOCALE;
        }
        return Locale.forLanguageTag(locale.replace('_', '-')).getLanguage();
    }

    static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
