package dev.camroll.storage.internal;

import dev.camroll.runtime.CamrollSettings;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.StorageSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.services.s3.S3Client;

/** The one {@link ObjectStore} of the service, chosen by {@code camroll.storage.type}. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    @ConditionalOnProperty(name = "camroll.storage.type", havingValue = "filesystem", matchIfMissing = true)
    ObjectStore filesystemObjectStore(CamrollSettings camroll, StorageSettings settings) {
        FilesystemObjectStore store =
                new FilesystemObjectStore(camroll.dataDir().resolve("objects"));
        log.info("Object store: files in {}", store.root());
        return store;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(name = "camroll.storage.type", havingValue = "s3")
    static class S3StorageConfiguration {

        /** Closed with the context (the SDK client is AutoCloseable). */
        @Bean
        S3Client camrollS3Client(StorageSettings settings) {
            return S3Clients.builder(settings.s3()).build();
        }

        @Bean
        ObjectStore s3ObjectStore(S3Client camrollS3Client, StorageSettings settings) {
            StorageSettings.S3 s3 = settings.s3();
            log.info(
                    "Object store: S3 bucket {} at {} (region {}, path-style {})",
                    s3.bucket(),
                    s3.endpoint() == null ? "AWS" : s3.endpoint(),
                    S3Clients.region(s3),
                    s3.pathStyleAccess());
            return new S3ObjectStore(camrollS3Client, s3.bucket());
        }
    }
}
