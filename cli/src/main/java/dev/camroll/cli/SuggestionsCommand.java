package dev.camroll.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.camroll.client.CamrollClient;
import dev.camroll.client.ProblemException;
import dev.camroll.client.Suggestions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code camroll suggestions pull --out DIR}. */
@Command(
        name = "suggestions",
        description = "Your collages, recaps and themes.",
        subcommands = SuggestionsCommand.Pull.class)
final class SuggestionsCommand {

    /** Keeps a folder in step with the suggestions through the changes feed, like the app's background sync. */
    @Command(
            name = "pull",
            usageHelpAutoWidth = true,
            description = "Save what changed since the last pull into a folder: ID.json per suggestion and ID.jpg for "
                    + "rendered ones; removed suggestions' files are deleted. The feed's token is kept between runs.")
    static final class Pull implements Callable<Integer> {

        /** The feed's page size: a full page means more are waiting. */
        private static final int PAGE = 200;

        private final Camroll camroll;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to keep in step.")
        Path out;

        @Option(names = "--all", description = "Start over: fetch every suggestion, not only the changes.")
        boolean all;

        Pull(Camroll camroll) {
            this.camroll = camroll;
        }

        @Override
        public Integer call() throws IOException {
            Files.createDirectories(out);
            CamrollClient client = camroll.client();
            // One token per folder too: two folders pulled from one account each get every change.
            Path tokenFile = State.file(
                    camroll,
                    "suggestions-"
                            + Hashing.sha256Hex(out.toAbsolutePath()
                                            .normalize()
                                            .toString()
                                            .getBytes(java.nio.charset.StandardCharsets.UTF_8))
                                    .substring(0, 8),
                    true);
            String token = all ? null : State.read(tokenFile);
            int saved = 0;
            int images = 0;
            int removed = 0;
            while (true) {
                Suggestions.Changes changes = client.suggestions().changes(token);
                for (Suggestions.Suggestion suggestion : changes.upserted()) {
                    String id = safe(suggestion.suggestionId());
                    WholeFile.write(out.resolve(id + ".json"), Camroll.JSON.toJson(suggestion));
                    saved++;
                    if (suggestion.imageUrl() != null
                            && image(client, suggestion.suggestionId(), out.resolve(id + ".jpg"))) {
                        images++;
                    }
                }
                for (String gone : changes.removed()) {
                    String id = safe(gone);
                    Files.deleteIfExists(out.resolve(id + ".json"));
                    Files.deleteIfExists(out.resolve(id + ".jpg"));
                    removed++;
                }
                // The token moves on only once the files of this page are written: a killed pull repeats the page.
                token = changes.nextToken();
                State.write(tokenFile, token);
                if (changes.upserted().size() + changes.removed().size() < PAGE) {
                    break;
                }
            }
            if (camroll.json()) {
                camroll.printJson(java.util.Map.of("saved", saved, "images", images, "removed", removed));
            } else {
                camroll.out()
                        .printf(
                                Locale.ROOT,
                                "%d new or changed (%d images), %d removed, in %s%n",
                                saved,
                                images,
                                removed,
                                out);
            }
            return 0;
        }

        /** Saves a rendered image; false when it is not drawn yet (it comes with a later change). */
        private static boolean image(CamrollClient client, String suggestionId, Path file) throws IOException {
            try {
                WholeFile.write(file, out -> client.suggestions().image(suggestionId, out));
                return true;
            } catch (ProblemException.NotFound notDrawnYet) {
                return false;
            }
        }

        /** An id as a file name: the service's ids are UUIDs; anything else is refused rather than trusted. */
        private static String safe(String id) {
            if (id == null || !id.matches("[A-Za-z0-9-]{1,64}")) {
                throw new IllegalStateException("the service sent a suggestion id that is not a file name: " + id);
            }
            return id;
        }
    }
}
