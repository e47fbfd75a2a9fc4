package dev.camroll.upload;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.camroll.api.Ids;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The uploads module on its own (with the modules it depends on, not sync): what a manifest line reserves, shares
 * and follows through {@link Uploads}, on the test PostgreSQL. Job workers are off: this partial service must not
 * run the purge or the reconciler for the other modules' data.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
@TestPropertySource(properties = {"camroll.jobs.enabled=false", "spring.datasource.hikari.maximum-pool-size=4"})
class UploadModuleTests {

    /** The manifests' side, which the sync module implements: no line was answered with an upload here. */
    @TestConfiguration
    static class NoManifests {
        @Bean
        ManifestLines manifestLines() {
            return (subject, batchId, clientAssetId) -> Optional.empty();
        }
    }

    @Autowired
    Uploads uploads;

    @Autowired
    UserAccounts accounts;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JdbcClient jdbc;

    Subject user;

    @BeforeEach
    void aUser() {
        user = Subject.of("module-" + UUID.randomUUID());
        accounts.ensure(user);
    }

    @Test
    void aReservedUploadIsOpenWithNothingReceivedAndCountsTowardTheQuota() {
        Uploads.Reservation reserved = reserve(sha256('a'), 1_000);

        Uploads.Progress progress =
                uploads.progressOf(List.of(reserved.uploadId())).get(reserved.uploadId());

        assertThat(progress.state()).isEqualTo(UploadState.OPEN);
        assertThat(progress.bytesReceived()).isZero();
        assertThat(progress.mediaId()).isEqualTo(reserved.mediaId());
        // stored in microseconds
        assertThat(progress.expiresAt()).isCloseTo(reserved.expiresAt(), within(1, ChronoUnit.MILLIS));
        assertThat(uploads.reservedBytes(user)).isEqualTo(1_000);
    }

    @Test
    void anOpenUploadPastItsExpiryIsShownExpiredAndNoLongerReserved() {
        Uploads.Reservation reserved = reserve(sha256('b'), 2_000);
        jdbc.sql("UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE upload_id = ?")
                .param(reserved.uploadId().value())
                .update();

        assertThat(uploads.progressOf(List.of(reserved.uploadId()))
                        .get(reserved.uploadId())
                        .state())
                .isEqualTo(UploadState.EXPIRED);
        assertThat(uploads.reservedBytes(user)).isZero();
    }

    @Test
    void aLaterLineWithTheSameContentSharesTheOpenUploadAndMovesItsExpiryOn() {
        Uploads.Reservation reserved = reserve(sha256('c'), 3_000);
        jdbc.sql("UPDATE uploads SET expires_at = now() + interval '1 minute' WHERE upload_id = ?")
                .param(reserved.uploadId().value())
                .update();

        Optional<Uploads.Reservation> shared = transaction.execute(tx -> uploads.share(user, sha256('c')));
        Optional<Uploads.Reservation> other = transaction.execute(tx -> uploads.share(user, sha256('d')));

        assertThat(shared).hasValueSatisfying(share -> {
            assertThat(share.uploadId()).isEqualTo(reserved.uploadId());
            assertThat(share.mediaId()).isEqualTo(reserved.mediaId());
            assertThat(share.expiresAt()).isAfter(Instant.now().plusSeconds(3600));
        });
        assertThat(other).isEmpty();
    }

    @Test
    void anUploadIsReservedOnlyInTheTransactionOfItsManifest() {
        assertThatThrownBy(() -> uploads.reserve(announced(sha256('e'), 10)))
                .isInstanceOf(IllegalTransactionStateException.class);
        assertThat(uploads.reservedBytes(user)).isZero();
    }

    private Uploads.Reservation reserve(String sha256, long length) {
        return transaction.execute(tx -> uploads.reserve(announced(sha256, length)));
    }

    private Uploads.Announced announced(String sha256, long length) {
        return new Uploads.Announced(
                user,
                Ids.newId(),
                "asset-" + sha256.charAt(0),
                "phone",
                Ids.newId(),
                length,
                sha256,
                "image/jpeg",
                "photo",
                null);
    }

    private static String sha256(char digit) {
        return String.valueOf(digit).repeat(64);
    }
}
