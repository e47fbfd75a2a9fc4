package dev.camroll.consent;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What every module asks before doing anything with a user's data. */
@Component
public class ConsentGate {

    private final ConsentEvents events;

    ConsentGate(ConsentEvents events) {
        this.events = events;
    }

    /** Whether {@code subject} currently gives {@code purpose}. */
    @Transactional(readOnly = true)
    public boolean isGiven(String subject, Purpose purpose) {
        return events.latestPerPurpose(subject)
            .stream()
            .anyMatch(e -> e.purpose() == purpose && e.isGiven());
    }

    /**
     * The purposes {@code subject} currently gives, from one read of the ledger: for work that asks about several at
     * the same moment.
     */
    @Transactional(readOnly = true)
    public Set<Purpose> given(String subject) {
        Set<Purpose> given = EnumSet.noneOf(Purpose.class);
        events.latestPerPurpose(subject).stream().filter(ConsentEvent::isGiven).forEach(e -> given.add(e.purpose()));
        return given;
    }

    /** Throws {@link ConsentRequiredException} ({@code 403 consent-required}) unless the purpose is given. */
    public void require(String subject, Purpose purpose) {
        if (!isGiven(subject, purpose)) {
            throw new ConsentRequiredException(purpose);
        }
    }
}
