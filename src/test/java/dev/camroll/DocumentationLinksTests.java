package dev.camroll;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in README.md and docs/ leads to a file that exists and, with an anchor, to a heading of it, as
 * GitHub renders them. External links are not fetched: the build has no network.
 */
class DocumentationLinksTests {

    private static final Path ROOT = Path.of("").toAbsolutePath();

    @Test
    void everyRelativeLinkInTheReadmeAndTheDocsResolves() {
        List<String> broken = new ArrayList<>();
        for (Path document : documents(ROOT)) {
            broken.addAll(brokenLinks(ROOT, document));
        }

        assertThat(broken).as("links whose file or heading does not exist").isEmpty();
    }

    @Test
    void noDocumentNamesAPathOfTheMachineItWasWrittenOn() {
        // Benchmark logs once carried the build machine's directories; the docs are read on other machines.
        Pattern machinePath = Pattern.compile("(?<![\\w}.~-])/(work|tmp|home|root|Users)/");
        List<String> found = new ArrayList<>();
        for (Path document : documents(ROOT)) {
            List<String> lines = read(document);
            for (int i = 0; i < lines.size(); i++) {
                if (machinePath.matcher(lines.get(i)).find()) {
                    found.add(ROOT.relativize(document) + ":" + (i + 1) + ": "
                            + lines.get(i).strip());
                }
            }
        }

        assertThat(found).as("machine-local paths").isEmpty();
    }

    @Test
    void aMissingFileAndAnUnknownHeadingAreReportedWithFileAndLine(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs/guide"));
        Files.writeString(root.resolve("README.md"), "# camroll\n\nSee [the guide](docs/guide/README.md).\n");
        Files.writeString(
                root.resolve("docs/guide/README.md"),
                String.join(
                        "\n",
                        "# Guide",
                        "",
                        "## Walk-through: consent with `curl`",
                        "",
                        "[here](#walk-through-consent-with-curl) and [gone](../walk-throughs.md)",
                        "[wrong heading](../../README.md#start-here), [external](https://example.com/x.md#nope)",
                        "```bash",
                        "echo '[not a link](missing.md)'",
                        "```",
                        "`[nor this](missing.md)` and [a folder](../guide/)"));

        List<String> broken = new ArrayList<>();
        for (Path document : documents(root)) {
            broken.addAll(brokenLinks(root, document));
        }

        assertThat(broken)
                .containsExactly(
                        "docs/guide/README.md:5: ../walk-throughs.md: no such file",
                        "docs/guide/README.md:6: ../../README.md#start-here: no heading 'start-here' in README.md");
    }

    @Test
    void anAnchorIsTheHeadingInLowerCaseWithSpacesAsHyphensAndPunctuationRemoved() {
        assertThat(slug("Withdrawing `cloud_processing`: the purge"))
                .isEqualTo("withdrawing-cloud_processing-the-purge");
        assertThat(slug("Erasing the account (`DELETE /v1/me`)")).isEqualTo("erasing-the-account-delete-v1me");
        assertThat(slug("Sync: devices, policy and batch manifests"))
                .isEqualTo("sync-devices-policy-and-batch-manifests");
        assertThat(slug("The user's own data")).isEqualTo("the-users-own-data");
        assertThat(slug("1. Get a token")).isEqualTo("1-get-a-token");
        assertThat(slug("See [ADR 0009](decisions/0009.md) -- twice")).isEqualTo("see-adr-0009----twice");
        assertThat(slug("Größe und Übersicht")).isEqualTo("größe-und-übersicht");
    }

    @Test
    void aRepeatedHeadingGetsItsNumberInTheAnchor() {
        Set<String> anchors = anchors(List.of("# Notes", "## Example", "text", "## Example", "Setext", "------"));

        assertThat(anchors).containsExactlyInAnyOrder("notes", "example", "example-1", "setext");
    }

    private static List<Path> documents(Path root) {
        List<Path> documents = new ArrayList<>();
        documents.add(root.resolve("README.md"));
        try (Stream<Path> files = Files.walk(root.resolve("docs"))) {
            files.filter(file -> file.toString().endsWith(".md")).sorted().forEach(documents::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    private static final Pattern INLINE_LINK =
            Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE_DEFINITION = Pattern.compile("^ {0,3}\\[[^\\]]+]:\\s*<?([^\\s>]+)>?");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+).*?\\1");

    private static List<String> brokenLinks(Path root, Path document) {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchorsByFile = new HashMap<>();
        List<String> lines = read(document);
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isFence(line)) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String prose = CODE_SPAN.matcher(line).replaceAll("");
            List<String> targets = new ArrayList<>();
            Matcher inline = INLINE_LINK.matcher(prose);
            while (inline.find()) {
                targets.add(inline.group(1));
            }
            Matcher definition = REFERENCE_DEFINITION.matcher(prose);
            if (definition.find()) {
                targets.add(definition.group(1));
            }
            for (String target : targets) {
                String problem = problemWith(document, target, anchorsByFile);
                if (problem != null) {
                    broken.add(root.relativize(document) + ":" + (i + 1) + ": " + target + ": " + problem);
                }
            }
        }
        return broken;
    }

    /** Why the link does not resolve, or null when it does (or is not ours to check). */
    private static String problemWith(Path document, String target, Map<Path, Set<String>> anchorsByFile) {
        if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
            return null; // https:, mailto: and the like: not fetched
        }
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file =
                path.isEmpty() ? document : document.getParent().resolve(path).normalize();
        if (!Files.exists(file)) {
            return "no such file";
        }
        if (anchor == null || anchor.isEmpty() || !file.toString().endsWith(".md")) {
            return null;
        }
        Set<String> anchors = anchorsByFile.computeIfAbsent(file, f -> anchors(read(f)));
        if (anchors.contains(anchor.toLowerCase(Locale.ROOT))) {
            return null;
        }
        return "no heading '" + anchor + "' in " + file.getFileName();
    }

    private static final Pattern ATX_HEADING = Pattern.compile("^ {0,3}#{1,6}\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    private static final Pattern SETEXT_UNDERLINE = Pattern.compile("^ {0,3}(=+|-+)\\s*$");

    /** The anchors GitHub gives the headings of a Markdown file, numbered from the second of the same text on. */
    private static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (isFence(line)) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            String heading = null;
            Matcher atx = ATX_HEADING.matcher(line);
            if (atx.matches()) {
                heading = atx.group(1);
            } else if (i > 0
                    && SETEXT_UNDERLINE.matcher(line).matches()
                    && !lines.get(i - 1).isBlank()
                    && !lines.get(i - 1).startsWith("|")) {
                heading = lines.get(i - 1).strip();
            }
            if (heading != null) {
                String slug = slug(heading);
                int count = seen.merge(slug, 1, Integer::sum);
                anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
            }
            Matcher html = HTML_ANCHOR.matcher(line);
            while (html.find()) {
                anchors.add(html.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return anchors;
    }

    /** GitHub's slug: link text only, lower case, punctuation removed, each space a hyphen. */
    private static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)]\\([^)]*\\)", "$1");
        return text.toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M}_\\- ]", "")
                .replace(' ', '-');
    }

    private static boolean isFence(String line) {
        String stripped = line.stripLeading();
        return stripped.startsWith("```") || stripped.startsWith("~~~");
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
