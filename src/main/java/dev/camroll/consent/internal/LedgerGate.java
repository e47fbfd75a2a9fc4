package dev.camroll.consent.internal;

import java.util.Set;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import org.springframework.stereotype.Component;

/** The consent gate, answered from the latest entry per purpose of the user's ledger. */
@Component
class LedgerGate implements ConsentGate {

    private final LatestDecisions decisions;

    LedgerGate(LatestDecisions decisions) {
        this.decisions = decisions;
    }

    @Override
    public Set<Purpose> given(Subject subject) {
        return decisions.given(subject);
    }
}
