package dev.camroll.storage.internal;

import dev.camroll.runtime.CamrollSettings;
import dev.camroll.storage.ObjectStore;
import dev.camroll.testing.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

import static dev.camroll.storage.internal.TestBytes.stream;
import static org.assertj.core.api.Assertions.assertThat;

/** With nothing configured, the service keeps objects as files in its data directory. */
@IntegrationTest
class DefaultStorageWiringTests {

    @Autowired
    ObjectStore store;

    @Autowired
    CamrollSettings camroll;

    @Autowired
    ApplicationContext context;

    @Test
    void theDefaultStoreIsOneFilePerKeyUnderTheDataDirectory() {
        store.put("u/wiring/original/m1", stream(new byte[] {1, 2, 3}), 3);

        assertThat(store).isInstanceOf(FilesystemObjectStore.class);
        assertThat(camroll.dataDir().resolve("objects/u/wiring/original/m1"))
                .isRegularFile()
                .hasBinaryContent(new byte[] {1, 2, 3});
        assertThat(context.getBeanNamesForType(S3Client.class)).isEmpty();
        store.delete("u/wiring/original/m1"); // no row owns it: the suite's last class looks for such bytes
    }
}
