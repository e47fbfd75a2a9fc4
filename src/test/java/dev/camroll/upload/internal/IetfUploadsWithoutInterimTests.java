package dev.camroll.upload.internal;

import dev.camroll.testing.TestFiles;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** With {@code camroll.upload.interim-responses} off (behind a proxy that breaks on a 104), the draft works without it. */
@TestPropertySource(properties = "camroll.upload.interim-responses=false")
class IetfUploadsWithoutInterimTests extends UploadTest {

    @Test
    void theCreationRequestGetsOnlyItsFinalAnswer() {
        TusUploads.Announced upload = uploads.announce(TestFiles.jpeg(100_000, 7), "image/jpeg", "photo");
        byte[] content = upload.content();

        try (DraftExchange creation = new DraftExchange(
                port,
                "POST",
                upload.path(),
                content.length,
                "Authorization: Bearer " + uploads.token(),
                "Upload-Draft-Interop-Version: 8",
                "Upload-Complete: ?1")) {
            DraftExchange.Response created = creation.send(content).last();

            assertThat(creation.responses()).hasSize(1);
            assertThat(created.status()).as(created.toString()).isEqualTo(201);
            assertThat(created.header("Location")).isEqualTo(upload.uploadUrl());
        }
        assertThat(TusUploads.storedSha256(store, jdbc, upload.mediaId())).isEqualTo(TestFiles.sha256(content));
    }
}
