package dev.camroll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The commit-msg hook of .githooks/ (docs/contributing.md): a subject has at most 72 characters. */
class CommitMessageHookTests {

    private static final Path HOOK = Path.of(".githooks/commit-msg");

    @TempDir
    Path dir;

    @Test
    void aSubjectOf72CharactersIsAccepted() throws Exception {
        assertThat(hook("a".repeat(72) + "\n\nA body line may be longer than the subject: " + "b".repeat(100)))
                .isZero();
    }

    @Test
    void aSubjectOf73CharactersIsRefused() throws Exception {
        assertThat(hook("a".repeat(73) + "\n")).isEqualTo(1);
    }

    @Test
    void theSubjectIsTheFirstLineThatIsNeitherBlankNorAComment() throws Exception {
        assertThat(hook("# " + "c".repeat(100) + "\n\n" + "a".repeat(72) + "\n"))
                .isZero();
        assertThat(hook("# a comment\n\n" + "a".repeat(73) + "\n")).isEqualTo(1);
    }

    @Test
    void aSubjectIsCountedInCharactersNotBytes() throws Exception {
        assertThat(hook("ä".repeat(72) + "\n")).isZero();
    }

    @Test
    void theHookIsExecutableSoGitRunsIt() {
        assertThat(Files.isExecutable(HOOK)).isTrue();
    }

    private int hook(String message) throws IOException, InterruptedException {
        Path file = Files.writeString(dir.resolve("COMMIT_EDITMSG"), message, StandardCharsets.UTF_8);
        Process process = new ProcessBuilder("bash", HOOK.toString(), file.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue();
    }
}
