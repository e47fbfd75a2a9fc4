package dev.camroll.consent;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

import dev.camroll.api.PageQuery;
import dev.camroll.api.ProblemException;
import dev.camroll.consent.ConsentViews.Circumstances;
import dev.camroll.consent.ConsentViews.History;
import dev.camroll.identity.Subject;
import dev.camroll.identity.UserAccounts;
import dev.camroll.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.ClassPathResource;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.test.context.ContextConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The consent module with only the modules it depends on (api, identity, runtime; no module listens to its events
 * here), on the test PostgreSQL: the rules of decisions, the gate, the events and the chain, through its public API.
 */
@ApplicationModuleTest(mode = ApplicationModuleTest.BootstrapMode.DIRECT_DEPENDENCIES)
@ContextConfiguration(initializers = TestDatabase.Initializer.class)
class ConsentModuleTests {

    @Autowired
    ConsentService consent;

    @Autowired
    ConsentGate gate;

    @Autowired
    UserAccounts accounts;

    @Test
    void withdrawingCloudProcessingWithdrawsItsDependantsAndPublishesAWithdrawalForEach(
            AssertablePublishedEvents events) {
        Subject user = newUser();
        give(user, Purpose.CLOUD_PROCESSING);
        give(user, Purpose.LOCATION_ANALYSIS);
        assertThat(gate.given(user)).containsExactlyInAnyOrder(Purpose.CLOUD_PROCESSING, Purpose.LOCATION_ANALYSIS);

        consent.decide(user, Purpose.CLOUD_PROCESSING, ConsentState.WITHDRAWN, null, Circumstances.NONE);

        assertThat(gate.given(user)).isEmpty();
        assertThat(events.ofType(ConsentWithdrawn.class).matching(ConsentWithdrawn::subject, user))
                .extracting(ConsentWithdrawn::purpose)
                .containsExactly(Purpose.CLOUD_PROCESSING, Purpose.LOCATION_ANALYSIS);
        History history = consent.history(user, PageQuery.of(null, null));
        assertThat(history.items()).hasSize(4);
        assertThat(history.chain().valid()).isTrue();
        assertThat(history.chain().length()).isEqualTo(4);
    }

    @Test
    void aPurposeIsGivenOnlyAfterThePurposesItRequiresAndOnlyToTheCurrentNotice() {
        Subject user = newUser();

        assertThatThrownBy(() -> give(user, Purpose.LOCATION_ANALYSIS))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ConsentProblem.CONSENT_DEPENDENCY));
        assertThatThrownBy(() -> consent.decide(
                        user, Purpose.CLOUD_PROCESSING, ConsentState.GIVEN, "0".repeat(64), Circumstances.NONE))
                .isInstanceOfSatisfying(
                        ProblemException.class, e -> assertThat(e.type()).isEqualTo(ConsentProblem.NOTICE_OUTDATED));
        assertThatThrownBy(() -> gate.require(user, Purpose.CLOUD_PROCESSING))
                .isInstanceOf(ConsentRequiredException.class);
        assertThat(consent.status(user))
                .extracting(ConsentViews.PurposeStatus::state)
                .containsOnly(ConsentState.NOT_ASKED);
    }

    private Subject newUser() {
        Subject user = Subject.of("module-" + UUID.randomUUID());
        accounts.ensure(user);
        return user;
    }

    private void give(Subject user, Purpose purpose) {
        consent.decide(user, purpose, ConsentState.GIVEN, currentNotice(purpose), Circumstances.NONE);
    }

    /** The version of the shipped English text: the SHA-256 of what follows its {@code ---} line. */
    private static String currentNotice(Purpose purpose) {
        try {
            String file = new ClassPathResource("consent/notices/" + purpose.slug() + ".en.txt")
                    .getContentAsString(StandardCharsets.UTF_8)
                    .replace("\r\n", "\n");
            String text = file.substring(file.indexOf("\n---\n") + 5).strip();
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
