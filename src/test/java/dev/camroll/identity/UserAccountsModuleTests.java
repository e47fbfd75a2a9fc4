package dev.camroll.identity;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The identity module on its own (with the modules it uses) against the test PostgreSQL: user accounts. */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
class UserAccountsModuleTests {

    @Autowired
    UserAccounts accounts;

    @Autowired
    TransactionTemplate transaction;

    static Subject newUser() {
        return Subject.of("accounts-" + UUID.randomUUID());
    }

    @Test
    void anAccountIsCreatedOnFirstSightAndKeepsItsStorageKey() {
        Subject user = newUser();
        assertThat(accounts.find(user)).isEmpty();

        UserAccounts.UserAccount first = accounts.ensure(user);
        UserAccounts.UserAccount again = accounts.ensure(user);

        assertThat(first.subject()).isEqualTo(user);
        assertThat(first.userKey()).matches("[0-9a-f]{32}");
        assertThat(again).isEqualTo(first);
        assertThat(accounts.find(user)).contains(first);
    }

    @Test
    void theStorageKeyNeverRevealsTheSubject() {
        Subject user = newUser();

        assertThat(accounts.ensure(user).userKey()).doesNotContain("accounts").isNotEqualTo(user.value());
        assertThat(accounts.ensure(newUser()).userKey())
                .isNotEqualTo(accounts.ensure(user).userKey());
    }

    @Test
    void anErasedAccountSaysWhenItWasErased() {
        Subject user = newUser();
        accounts.ensure(user);
        assertThat(accounts.erasedAt(user)).isEmpty();

        transaction.executeWithoutResult(tx -> {
            accounts.lock(user);
            accounts.markErased(user);
        });

        assertThat(accounts.erasedAt(user)).isPresent();
        assertThat(accounts.find(user)).isPresent();
    }

    @Test
    void lockingAnUnknownUserCreatesTheAccount() {
        Subject user = newUser();

        UserAccounts.UserAccount locked = transaction.execute(tx -> accounts.lock(user));

        assertThat(locked.subject()).isEqualTo(user);
        assertThat(accounts.find(user)).contains(locked);
    }

    @Test
    void aSecondWriterOfTheSameUserGivesUpWhileTheFirstHoldsTheLock() throws Exception {
        Subject user = newUser();
        accounts.ensure(user);
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(tx -> {
            accounts.lock(user);
            locked.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        try {
            assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
            long started = System.nanoTime();

            assertThatThrownBy(() -> transaction.executeWithoutResult(tx -> accounts.lock(user)))
                    .isInstanceOf(CannotAcquireLockException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));

            // another user's writer does not wait for it
            Subject other = newUser();
            assertThat(transaction.execute(tx -> accounts.lock(other)).subject())
                    .isEqualTo(other);
        } finally {
            release.countDown();
            holder.get(30, TimeUnit.SECONDS);
        }
    }
}
