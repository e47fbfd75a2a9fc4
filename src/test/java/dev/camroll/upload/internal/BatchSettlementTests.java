package dev.camroll.upload.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A batch settles, and asks once for the user's suggestions to be rebuilt, however its last line ends: analysed,
 * or an upload that failed, expired or was terminated after the other lines were analysed.
 */
class BatchSettlementTests extends UploadTest {

    @Test
    void aBatchWhoseLastUploadExpiresAfterTheOthersWereAnalysedAsksForSuggestions() {
        List<TusUploads.Announced> lines = firstAnalysedSecondHalfSent();

        jdbc.update(
                "UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE upload_id = ?::uuid",
                TusUploads.uploadId(lines.get(1)));
        cleaner.sweep();

        assertThat(uploads.batch(lines.get(1)).path("state").asString()).isEqualTo("expired");
        assertThat(suggestionJobs()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseLastUploadFailsItsChecksAsksForSuggestions() {
        List<TusUploads.Announced> lines = firstAnalysedSecondHalfSent();
        TusUploads.Announced second = lines.get(1);
        byte[] rest = Arrays.copyOfRange(second.content(), second.content().length / 2, second.content().length);
        rest[rest.length - 1] ^= 1; // not the announced file

        assertThat(uploads.patch(second, second.content().length / 2, rest).status())
                .isEqualTo(422);

        assertThat(uploads.batchLine(second).path("state").asString()).isEqualTo("failed");
        assertThat(suggestionJobs()).isEqualTo(1);
    }

    @Test
    void aBatchWhoseLastUploadIsTerminatedAsksForSuggestions() {
        List<TusUploads.Announced> lines = firstAnalysedSecondHalfSent();

        assertThat(api.request("DELETE", lines.get(1).path())
                        .token(uploads.token())
                        .header("Tus-Resumable", "1.0.0")
                        .send()
                        .status())
                .isEqualTo(204);

        assertThat(uploads.batchLine(lines.get(1)).path("state").asString()).isEqualTo("failed");
        assertThat(suggestionJobs()).isEqualTo(1);
    }

    /** Two lines: the first uploaded and analysed, the second half sent, so the batch is not settled yet. */
    private List<TusUploads.Announced> firstAnalysedSecondHalfSent() {
        List<TusUploads.Announced> lines = uploads.announceBatch(TestFiles.jpeg(40_000, 1), TestFiles.jpeg(60_000, 2));
        TusUploads.Announced first = lines.get(0);
        TusUploads.Announced second = lines.get(1);
        assertThat(uploads.patch(first, 0, first.content()).status()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        !"stored".equals(uploads.batchLine(first).path("state").asString()));
        assertThat(uploads.patch(second, 0, Arrays.copyOf(second.content(), second.content().length / 2))
                        .status())
                .isEqualTo(204);
        assertThat(uploads.batchLine(second).path("state").asString()).isEqualTo("uploading");
        assertThat(suggestionJobs()).as("a line is still uploading").isZero();
        return lines;
    }

    private int suggestionJobs() {
        return jdbc.queryForObject(
                "SELECT count(*) FROM jobs WHERE type = 'build-suggestions' AND subject = ?", Integer.class, user);
    }
}
