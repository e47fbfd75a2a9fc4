package dev.camroll.upload.internal;

import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.EndToEndTest;
import dev.camroll.testing.TusUploads;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Base of the upload tests: a user who has given cloud processing, with a registered phone, and the store. The user
 * keeps originals, so the analysis that follows a stored upload leaves the original for the tests to check.
 */
abstract class UploadTest extends EndToEndTest {

    @Autowired
    ObjectStore store;

    @Autowired
    UploadCleaner cleaner;

    String user;

    TusUploads uploads;

    @BeforeEach
    void readyToSync() {
        user = newUser("uploader");
        uploads = new TusUploads(api, token(user)).ready(currentNotice("cloud_processing", "en"));
        give(uploads.token(), "original_retention");
    }
}
