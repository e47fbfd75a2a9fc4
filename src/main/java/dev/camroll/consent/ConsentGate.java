package dev.camroll.consent;

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

    /** Throws {@link ConsentRequiredException} ({@code 403 consent-required}) unless the purpose is given. */
    public void require(String subject, Purpose purpose) {
        if (!isGiven(subject, purpose)) {
            throw new ConsentRequiredException(purpose);
        }
    }
}
