package dev.camroll.consent.internal;

import java.util.Set;

import dev.camroll.consent.ConsentGate;
import dev.camroll.consent.Purpose;
import dev.camroll.identity.Subject;
import org.springframework.stereotype.Component;

/** The consent gate, answered from the latest entry per purpose of the user's ledger. */
@Component
class LedgerGate implements ConsentGate {

    private final ConsentEvents events;

    LedgerGate(ConsentEvents events) {
        this.events = events;
    }

    @Override
    public Set<Purpose> given(Subject subject) {
        return events.given(subject.value());
    }
}
