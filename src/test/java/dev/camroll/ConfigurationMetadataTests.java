package dev.camroll;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.scheduling.annotation.Scheduled;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata that IDEs complete {@code camroll.*} properties from, written by the configuration
 * processor from the settings records: every property is there with a description and the one default the record
 * gives it, and neither application.yml nor the docs state another default.
 */
class ConfigurationMetadataTests {

    /** A camroll property read by a placeholder with its default, e.g. {@code ${camroll.upload.sweep-interval:60s}}. */
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(camroll\\.[^:}]+):([^}]*)}");

    /** A row of a Markdown table that documents camroll properties: its first two cells. */
    private static final Pattern PROPERTY_ROW = Pattern.compile("^\\| *(`camroll\\.[^|]*)\\|([^|]*)\\|");

    private static final Pattern CODE = Pattern.compile("`([^`]*)`");

    private final Map<String, JsonNode> properties = metadataProperties();

    @Test
    void everyPropertyOfEverySettingsRecordIsDescribedForTheIde() {
        Map<String, DefaultValue> leaves = settingsProperties();
        assertThat(leaves).hasSizeGreaterThan(50).containsKey("camroll.upload.min-rate.grace");

        SoftAssertions softly = new SoftAssertions();
        leaves.keySet().forEach(name -> {
            JsonNode property = properties.get(name);
            softly.assertThat(property).as("%s in the metadata", name).isNotNull();
            String description =
                    property == null ? "" : property.path("description").asString("");
            softly.assertThat(description)
                    .as("the description of %s (the @param of its record component)", name)
                    .matches("[A-Z].*\\.")
                    .doesNotContain("{@");
        });
        softly.assertAll();
    }

    @Test
    void everyDefaultOfASettingsRecordIsTheDefaultTheIdeShows() {
        SoftAssertions softly = new SoftAssertions();
        Map<String, DefaultValue> leaves = settingsProperties();
        assertThat(leaves.values())
                .as("defaults declared with @DefaultValue")
                .filteredOn(Objects::nonNull)
                .hasSizeGreaterThan(50);
        leaves.forEach((name, declared) -> {
            if (declared != null && declared.value().length > 0) {
                softly.assertThat(metadataDefault(name))
                        .as("the default of %s", name)
                        .isEqualTo(String.join(",", declared.value()));
            }
        });
        softly.assertAll();
    }

    @Test
    void aPropertyReadByAScheduleIsInTheMetadataWithThePlaceholdersDefault() {
        Map<String, String> placeholders = scheduledPlaceholders();
        assertThat(placeholders).containsKey("camroll.upload.sweep-interval");

        SoftAssertions softly = new SoftAssertions();
        placeholders.forEach((name, fallback) -> {
            softly.assertThat(metadataDefault(name))
                    .as("the default of %s (additional-spring-configuration-metadata.json)", name)
                    .isEqualTo(fallback);
            softly.assertThat(description(name))
                    .as("the description of %s", name)
                    .matches("[A-Z].*\\.");
        });
        softly.assertAll();
    }

    @Test
    void applicationYmlSetsOnlyKnownCamrollPropertiesAndRepeatsNoDefault() throws IOException {
        SoftAssertions softly = new SoftAssertions();
        for (var source : new YamlPropertySourceLoader().load("yml", new ClassPathResource("application.yml"))) {
            for (String name : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (!name.startsWith("camroll.")) {
                    continue;
                }
                String key = name.replaceAll("\\[\\d+]$", "");
                softly.assertThat(properties)
                        .as("application.yml sets an unknown property")
                        .containsKey(key);
                softly.assertThat(String.valueOf(source.getProperty(name)))
                        .as("application.yml repeats the default of %s", name)
                        .isNotEqualTo(metadataDefault(key));
            }
        }
        softly.assertAll();
    }

    @Test
    void theDocsStateTheDefaultsTheRecordsHave() throws IOException {
        List<String> checked = new ArrayList<>();
        SoftAssertions softly = new SoftAssertions();
        try (Stream<Path> files = Files.walk(Path.of("docs"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".md")).toList()) {
                for (String line : Files.readAllLines(file)) {
                    Matcher row = PROPERTY_ROW.matcher(line);
                    if (!row.find()) {
                        continue;
                    }
                    List<String> names = names(codes(row.group(1)));
                    List<String> values = codes(row.group(2));
                    if (values.isEmpty()) {
                        continue; // "(none)", "processors + 1, at most 8": no single value to compare
                    }
                    if (names.size() == 1 && values.size() > 1) {
                        values = List.of(String.join(",", values));
                    }
                    softly.assertThat(values)
                            .as("%s: one value per property in %s", file, line)
                            .hasSameSizeAs(names);
                    for (int i = 0; i < Math.min(names.size(), values.size()); i++) {
                        String name = names.get(i);
                        if (name.contains("[")) {
                            continue; // an element of a list of accounts: not a property of its own
                        }
                        softly.assertThat(properties)
                                .as("%s documents an unknown property", file)
                                .containsKey(name);
                        softly.assertThat(values.get(i))
                                .as("%s states the default of %s", file, name)
                                .isEqualTo(metadataDefault(name));
                        checked.add(name);
                    }
                }
            }
        }
        softly.assertAll();
        assertThat(checked).as("documented defaults found").isNotEmpty();
    }

    /**
     * The leaf properties of every settings record in dev.camroll, by name, with the {@code @DefaultValue} of each
     * (null when it has none).
     */
    private static Map<String, DefaultValue> settingsProperties() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        Map<String, DefaultValue> leaves = new LinkedHashMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.camroll")) {
            Class<?> type = load(candidate.getBeanClassName());
            ConfigurationProperties annotation = type.getAnnotation(ConfigurationProperties.class);
            assertThat(type.isRecord()).as("%s is a record", type).isTrue();
            collect(annotation.prefix().isEmpty() ? annotation.value() : annotation.prefix(), type, leaves);
        }
        return leaves;
    }

    private static void collect(String prefix, Class<?> type, Map<String, DefaultValue> leaves) {
        RecordComponent[] components = type.getRecordComponents();
        // @DefaultValue is a parameter annotation: on a record it lands on the canonical constructor, not the
        // component.
        Parameter[] parameters = canonicalConstructor(type, components).getParameters();
        for (int i = 0; i < components.length; i++) {
            String name = prefix + "." + kebab(components[i].getName());
            Class<?> valueType = components[i].getType();
            // A record of ours is a group of properties (camroll.upload.min-rate.*), anything else one property.
            if (valueType.isRecord() && valueType.getName().startsWith("dev.camroll.")) {
                collect(name, valueType, leaves);
            } else {
                leaves.put(name, parameters[i].getAnnotation(DefaultValue.class));
            }
        }
    }

    private static Constructor<?> canonicalConstructor(Class<?> type, RecordComponent[] components) {
        try {
            return type.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every {@code camroll.*} placeholder of a {@code @Scheduled} method in dev.camroll, with its default. */
    private static Map<String, String> scheduledPlaceholders() {
        ClassPathScanningCandidateComponentProvider scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(
                (reader, factory) -> reader.getAnnotationMetadata().hasAnnotatedMethods(Scheduled.class.getName()));
        Map<String, String> placeholders = new LinkedHashMap<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.camroll")) {
            for (Method method : load(candidate.getBeanClassName()).getDeclaredMethods()) {
                Scheduled scheduled = method.getAnnotation(Scheduled.class);
                if (scheduled == null) {
                    continue;
                }
                for (String value : List.of(
                        scheduled.cron(),
                        scheduled.fixedDelayString(),
                        scheduled.fixedRateString(),
                        scheduled.initialDelayString())) {
                    Matcher placeholder = PLACEHOLDER.matcher(value);
                    while (placeholder.find()) {
                        placeholders.put(placeholder.group(1), placeholder.group(2));
                    }
                }
            }
        }
        return placeholders;
    }

    /** A cell's names, {@code .moment-distance-km} after {@code camroll.suggestions.moment-gap} taking its prefix. */
    private static List<String> names(List<String> codes) {
        List<String> names = new ArrayList<>();
        for (String code : codes) {
            if (code.startsWith(".") && !names.isEmpty()) {
                String first = names.get(0);
                names.add(first.substring(0, first.lastIndexOf('.')) + code);
            } else {
                names.add(code);
            }
        }
        return names;
    }

    private static List<String> codes(String cell) {
        List<String> codes = new ArrayList<>();
        Matcher code = CODE.matcher(cell);
        while (code.find()) {
            codes.add(code.group(1));
        }
        return codes;
    }

    /** The metadata's default of a property as text, a list joined by commas; null when it has none. */
    private String metadataDefault(String name) {
        JsonNode property = properties.get(name);
        if (property == null || !property.has("defaultValue")) {
            return null;
        }
        JsonNode value = property.get("defaultValue");
        if (value.isArray()) {
            List<String> elements = new ArrayList<>();
            value.forEach(element -> elements.add(element.asString()));
            return String.join(",", elements);
        }
        String text = value.asString();
        // The processor writes a list's @DefaultValue as one string: "[image/jpeg, image/heic]".
        return text.startsWith("[") && text.endsWith("]")
                ? text.substring(1, text.length() - 1).replace(", ", ",")
                : text;
    }

    private String description(String name) {
        JsonNode property = properties.get(name);
        return property == null ? "" : property.path("description").asString("");
    }

    /** The properties of the metadata the processor wrote for our classes (not one of a library on the classpath). */
    private static Map<String, JsonNode> metadataProperties() {
        try {
            Path classes = Path.of(CamrollApplication.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            JsonNode metadata = JsonMapper.builder()
                    .build()
                    .readTree(Files.readString(classes.resolve("META-INF/spring-configuration-metadata.json")));
            Map<String, JsonNode> properties = new LinkedHashMap<>();
            metadata.path("properties")
                    .forEach(p -> properties.put(p.get("name").asString(), p));
            return properties;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("no configuration metadata: is the processor configured in pom.xml?", e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(Objects.requireNonNull(name));
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String kebab(String camelCase) {
        return camelCase.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }
}
