package dev.camroll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each table has one owner: the module that creates it, and in that module one class that holds its SQL (or maps it
 * as an entity). No other module's code names it; other modules ask the owner's public API. A new table needs a line
 * in {@link #OWNERS}.
 */
class TableOwnershipTests {

    /** Table to owning module. */
    static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("user_accounts", "identity"),
            Map.entry("consent_events", "consent"),
            Map.entry("consent_chain_heads", "consent"),
            Map.entry("consent_notices", "consent"),
            Map.entry("access_log", "consent"),
            Map.entry("idempotency_keys", "api"),
            Map.entry("devices", "sync"),
            Map.entry("batches", "sync"),
            Map.entry("batch_items", "sync"),
            Map.entry("jobs", "jobs"),
            Map.entry("media", "media"),
            Map.entry("uploads", "upload"),
            Map.entry("upload_slot_keys", "upload"),
            Map.entry("suggestions", "suggestions"),
            Map.entry("occasions", "suggestions"),
            Map.entry("purges", "privacy"),
            Map.entry("purge_keys", "privacy"),
            Map.entry("object_reconciler", "storage"),
            Map.entry("transparency_log", "transparency"),
            Map.entry("transparency_pending", "transparency"),
            Map.entry("transparency_salts", "transparency"),
            Map.entry("transparency_leaves", "transparency"),
            Map.entry("transparency_hashes", "transparency"),
            Map.entry("transparency_positions", "transparency"),
            Map.entry("transparency_checkpoints", "transparency"),
            Map.entry("console_sign_in_attempts", "support"));

    /** Per table, the clause that names it in a statement. */
    private static final Map<String, Pattern> NAMED = OWNERS.keySet().stream()
            .collect(Collectors.toMap(
                    table -> table,
                    table -> Pattern.compile("(?i)\\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\\s+" + table + "\\b")));

    private static final Path MAIN = Path.of("src/main/java/dev/camroll");

    private static final Pattern CREATE_TABLE = Pattern.compile("(?i)CREATE TABLE (?:IF NOT EXISTS )?([a-z_]+)");

    /** A string literal or text block (SQL lives in these), comments and code around them excluded. */
    private static final Pattern LITERAL =
            Pattern.compile("\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"", Pattern.DOTALL);

    /** A statement starts with one of these; the literals that do not are not SQL. */
    private static final Pattern SQL =
            Pattern.compile("^\\s*(?:SELECT|INSERT|UPDATE|DELETE|WITH|CREATE|ALTER|LOCK|TRUNCATE)\\b");

    private static final Pattern TABLE_ANNOTATION = Pattern.compile("@Table\\(\\s*name\\s*=\\s*\"([a-z_]+)\"");

    @Test
    void everyTableOfTheMigrationsHasAnOwningModule() throws IOException {
        Set<String> created = new TreeSet<>();
        try (Stream<Path> migrations = Files.list(Path.of("db/migration"))) {
            for (Path migration : migrations.toList()) {
                Matcher table = CREATE_TABLE.matcher(Files.readString(migration));
                while (table.find()) {
                    created.add(table.group(1).toLowerCase());
                }
            }
        }
        assertThat(OWNERS.keySet()).containsExactlyInAnyOrderElementsOf(created);
        assertThat(OWNERS.values())
                .allSatisfy(module -> assertThat(MAIN.resolve(module)).isDirectory());
    }

    @Test
    void noModuleNamesAnotherModulesTable() {
        List<String> violations = new ArrayList<>();
        namings(true)
                .forEach((table, classes) -> classes.forEach(source -> {
                    String module = MAIN.relativize(source).getName(0).toString();
                    if (!module.equals(OWNERS.get(table))) {
                        violations.add(
                                MAIN.relativize(source) + " names " + table + ", a table of " + OWNERS.get(table));
                    }
                }));
        assertThat(violations).isEmpty();
    }

    @Test
    void oneClassHoldsTheSqlOfEachTable() {
        Map<String, Set<String>> owners = new TreeMap<>();
        namings(false).forEach((table, classes) -> {
            if (classes.size() > 1) {
                owners.put(
                        table,
                        new TreeSet<>(classes.stream()
                                .map(source -> MAIN.relativize(source).toString())
                                .toList()));
            }
        });
        assertThat(owners).as("tables whose SQL more than one class holds").isEmpty();
    }

    @Test
    void theScanFindsTheSqlOfEveryTableInItsOwnersCode() {
        assertThat(namings(true).keySet()).containsExactlyInAnyOrderElementsOf(OWNERS.keySet());
    }

    @Test
    void theScanFindsSqlInTextBlocksAndStringsButNotInComments() {
        String source = """
                // SELECT * FROM media in a comment
                String a = "SELECT subject FROM media WHERE x";
                String b = \"""
                        UPDATE uploads SET state = 'open'
                        \""";
                @Table(name = "devices")
                """;
        assertThat(tablesNamedIn(source, true)).containsExactlyInAnyOrder("media", "uploads", "devices");
        assertThat(tablesNamedIn(source, false)).containsExactlyInAnyOrder("media", "uploads");
        assertThat(tablesNamedIn("String c = \"the media we keep\";", true)).isEmpty();
        assertThat(tablesNamedIn("String d = \"Requests streaming bytes into uploads\";", true))
                .isEmpty();
    }

    /**
     * Table to the main classes whose SQL names it, and with {@code entities} those that map it as a JPA entity (an
     * entity and the one class with the SQL JPA cannot express are one owner).
     */
    private static Map<String, List<Path>> namings(boolean entities) {
        Map<String, List<Path>> namings = new TreeMap<>();
        try (Stream<Path> sources = Files.walk(MAIN)) {
            for (Path source :
                    sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (String table : tablesNamedIn(Files.readString(source), entities)) {
                    namings.computeIfAbsent(table, t -> new ArrayList<>()).add(source);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return namings;
    }

    static Set<String> tablesNamedIn(String source, boolean entities) {
        Set<String> tables = new TreeSet<>();
        Matcher annotation = TABLE_ANNOTATION.matcher(source);
        while (entities && annotation.find()) {
            tables.add(annotation.group(1));
        }
        Matcher literal = LITERAL.matcher(source);
        while (literal.find()) {
            String text = literal.group(1) != null ? literal.group(1) : literal.group(2);
            if (!SQL.matcher(text).find()) {
                continue; // prose (a log line, a description) may say "into uploads"
            }
            NAMED.forEach((table, named) -> {
                if (named.matcher(text).find()) {
                    tables.add(table);
                }
            });
        }
        return tables;
    }
}
