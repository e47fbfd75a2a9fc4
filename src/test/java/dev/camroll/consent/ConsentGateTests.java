package dev.camroll.consent;

import dev.camroll.identity.Subject;
import dev.camroll.testing.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The gate other modules ask before any work on a user's data follows the ledger at once. */
class ConsentGateTests extends EndToEndTest {

    @Autowired
    ConsentGate gate;

    @Test
    void thePurposeMustBeGivenNowNotBeforeNorLater() {
        Subject user = Subject.of(newUser("gated"));
        String token = token(user.value());

        assertThatThrownBy(() -> gate.require(user, Purpose.CLOUD_PROCESSING))
                .isInstanceOf(ConsentRequiredException.class)
                .satisfies(e ->
                        assertThat(((ConsentRequiredException) e).type().slug()).isEqualTo("consent-required"));

        give(token, "cloud_processing");
        give(token, "location_analysis");
        assertThatNoException().isThrownBy(() -> gate.require(user, Purpose.CLOUD_PROCESSING));
        assertThat(gate.isGiven(user, Purpose.LOCATION_ANALYSIS)).isTrue();
        assertThat(gate.isGiven(user, Purpose.ORIGINAL_RETENTION)).isFalse();
        assertThat(gate.given(user)).containsExactlyInAnyOrder(Purpose.CLOUD_PROCESSING, Purpose.LOCATION_ANALYSIS);

        withdraw(token, "cloud_processing");
        assertThatThrownBy(() -> gate.require(user, Purpose.CLOUD_PROCESSING))
                .isInstanceOf(ConsentRequiredException.class);
        assertThat(gate.isGiven(user, Purpose.LOCATION_ANALYSIS))
                .as("withdrawn with it")
                .isFalse();
        assertThat(gate.given(user)).isEmpty();
    }
}
