package dev.camroll.privacy.internal;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.camroll.consent.ConsentService;
import dev.camroll.consent.ConsentViews.HistoryEntry;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.privacy.PurgeScope;
import dev.camroll.storage.ObjectStore;
import dev.camroll.storage.UserObjects;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The privacy module with only the modules it uses (consent, identity, jobs, storage): no other module keeps data
 * about the user here, so an erasure's purge is the module's own work: the objects under the user's prefix, the
 * finished purge and its {@code DATA_PURGED} entry.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
class ErasureModuleTests {

    @Autowired
    PurgeRequests requests;

    @Autowired
    Purges purges;

    @Autowired
    UserAccounts accounts;

    @Autowired
    ObjectStore store;

    @Autowired
    ConsentService consent;

    @Test
    void erasingAnAccountPurgesEveryObjectUnderTheUsersPrefixAndRecordsIt() {
        Subject user = Subject.of("erasing-" + UUID.randomUUID());
        UserObjects objects = new UserObjects(accounts.ensure(user).userKey());
        List<String> keys = List.of(objects.original(UUID.randomUUID()), objects.thumbnail(UUID.randomUUID()));
        keys.forEach(key -> store.put(key, new ByteArrayInputStream(bytes(key)), bytes(key).length));

        Purges.Purge requested = requests.eraseAccount(user);

        assertThat(requested.subject()).isEqualTo(user);
        assertThat(requested.scope()).isEqualTo(PurgeScope.ACCOUNT);
        assertThat(accounts.erasedAt(user)).isPresent();
        await("the purge")
                .atMost(Duration.ofSeconds(30))
                .until(() -> purges.find(requested.purgeId()).orElseThrow().finished());
        Purges.Purge finished = purges.find(requested.purgeId()).orElseThrow();
        assertThat(store.list(objects.prefix())).isEmpty();
        assertThat(purges.keys(requested.purgeId()))
                .as("kept once finished, as the evidence")
                .containsExactlyInAnyOrderElementsOf(keys);
        assertThat(finished.objectKeysRoot()).isEqualTo(DeletedKeys.of(keys).root());
        assertThat(purges.pending(user)).isFalse();
        HistoryEntry entry = consent.snapshot(user).history().stream()
                .filter(e -> e.eventId().equals(finished.ledgerEventId()))
                .findFirst()
                .orElseThrow();
        assertThat(entry.type()).isEqualTo("DATA_PURGED");
        assertThat(entry.details())
                .containsEntry("purgeId", finished.purgeId().toString())
                .containsEntry("scope", "account")
                .containsEntry(
                        "objectKeysSha256",
                        UserPurge.digest(keys.stream().sorted().toList()))
                .containsEntry("objectKeysRoot", DeletedKeys.of(keys).root());
        assertThat(entry.details().get("deleted").toString()).contains("objects=2");
    }

    private static byte[] bytes(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}
