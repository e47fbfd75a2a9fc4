package dev.camroll.consent.internal;

import java.time.Instant;
import java.util.Map;

import dev.camroll.consent.Actor;
import dev.camroll.consent.ConsentState;
import dev.camroll.consent.ConsentViews;
import dev.camroll.consent.Purpose;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class ConsentEventTests {

    static final String NOTICE = "a".repeat(64);

    @Test
    void onlyTheUserGivesConsent() {
        for (Actor other : new Actor[] {Actor.support("agent"), Actor.system()}) {
            assertThatIllegalArgumentException()
                    .isThrownBy(() -> next(
                            ConsentEvent.Draft.consent(Purpose.CLOUD_PROCESSING, ConsentState.GIVEN, NOTICE, other)));
        }
        assertThat(next(ConsentEvent.Draft.consent(
                                Purpose.CLOUD_PROCESSING, ConsentState.GIVEN, NOTICE, Actor.user("alice")))
                        .isGiven())
                .isTrue();
    }

    @Test
    void supportAndTheSystemOnlyWithdraw() {
        for (Actor actor : new Actor[] {Actor.support("agent"), Actor.system(), Actor.user("alice")}) {
            assertThat(next(ConsentEvent.Draft.consent(
                                    Purpose.LOCATION_ANALYSIS, ConsentState.WITHDRAWN, NOTICE, actor))
                            .state())
                    .isEqualTo(ConsentState.WITHDRAWN);
        }
    }

    @Test
    void onlyTheSystemRecordsAPurge() {
        ConsentEvent.Draft byUser = new ConsentEvent.Draft(
                ConsentEvent.Type.DATA_PURGED,
                null,
                null,
                null,
                null,
                Map.of("objects", 3),
                Actor.user("alice"),
                null,
                ConsentViews.Circumstances.NONE);
        assertThatIllegalArgumentException().isThrownBy(() -> next(byUser));
    }

    @Test
    void theChainLinksEachEntryToThePreviousHash() {
        ConsentEvent first = next(
                ConsentEvent.Draft.consent(Purpose.CLOUD_PROCESSING, ConsentState.GIVEN, NOTICE, Actor.user("alice")));
        ConsentEvent second = ConsentEvent.next(
                "alice",
                new LatestDecisions.Head(first.seq(), first.hash()),
                ConsentEvent.Draft.consent(
                        Purpose.CLOUD_PROCESSING, ConsentState.WITHDRAWN, NOTICE, Actor.user("alice")),
                Instant.parse("2026-01-01T10:00:01.123456789Z"));

        assertThat(first.seq()).isEqualTo(1);
        assertThat(first.prevHash()).isEqualTo(ConsentEvent.GENESIS_HASH);
        assertThat(second.seq()).isEqualTo(2);
        assertThat(second.prevHash()).isEqualTo(first.hash());
        assertThat(second.occurredAt())
                .as("stored at the database's precision")
                .isEqualTo("2026-01-01T10:00:01.123456Z");
        assertThat(second.computeHash()).isEqualTo(second.hash()).isNotEqualTo(first.hash());
    }

    private static ConsentEvent next(ConsentEvent.Draft draft) {
        return ConsentEvent.next("alice", LatestDecisions.Head.GENESIS, draft, Instant.parse("2026-01-01T10:00:00Z"));
    }
}
