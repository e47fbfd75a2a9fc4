package dev.camroll.consent;

import java.util.EnumSet;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What every module asks before doing anything with a user's data. */
@Component
public class ConsentGate {

    private final JdbcClient jdbc;

    ConsentGate(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether {@code subject} currently gives {@code purpose}. */
    public boolean isGiven(String subject, Purpose purpose) {
        return given(subject).contains(purpose);
    }

    /**
     * The purposes {@code subject} currently gives, from one read of the ledger: for work that asks about several at
     * the same moment.
     */
    public Set<Purpose> given(String subject) {
        // Asked on every request and job: one scan of the index consent_events_by_purpose returning two columns,
        // rather than whole ledger entries through the persistence context.
        Set<Purpose> given = EnumSet.noneOf(Purpose.class);
        jdbc.sql("""
                SELECT purpose FROM (
                    SELECT DISTINCT ON (purpose) purpose, state FROM consent_events
                    WHERE subject = ? AND type = 'CONSENT'
                    ORDER BY purpose, seq DESC) latest
                WHERE state = 'GIVEN'
                """)
                .param(subject)
                .query(String.class)
                .list()
                .forEach(slug -> given.add(Purpose.fromSlug(slug).orElseThrow()));
        return given;
    }

    /** Throws {@link ConsentRequiredException} ({@code 403 consent-required}) unless the purpose is given. */
    public void require(String subject, Purpose purpose) {
        if (!isGiven(subject, purpose)) {
            throw new ConsentRequiredException(purpose);
        }
    }
}
