package dev.camroll.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.camroll.runtime.CamrollSettings;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one {@link ObjectStore} of the service: files in the data directory. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    ObjectStore filesystemObjectStore(CamrollSettings camroll) {
        FilesystemObjectStore store = new FilesystemObjectStore(camroll.dataDir().resolve("objects"));
        log.info("Object store: files in {}", store.root());
        return store;
    }
}
