package dev.camroll.consent.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

import dev.camroll.consent.Purpose;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/**
 * The owner of {@code consent_events}: every read of the ledger; appends go through {@link ConsentLedger}, which
 * persists the {@link ConsentEvent} it links into the chain.
 */
interface ConsentEvents extends Repository<ConsentEvent, UUID> {

    Optional<ConsentEvent> findFirstBySubjectOrderBySeqDesc(String subject);

    Optional<ConsentEvent> findByEventIdAndSubject(UUID eventId, String subject);

    List<ConsentEvent> findBySubjectAndSeqGreaterThanOrderBySeqAsc(String subject, long seq, Limit limit);

    Stream<ConsentEvent> streamBySubjectOrderBySeqAsc(String subject);

    Stream<ConsentEvent> streamBySubjectAndSeqGreaterThanOrderBySeqAsc(String subject, long seq);

    Optional<ConsentEvent> findBySubjectAndSeq(String subject, long seq);

    /** The latest consent decision per purpose. */
    @Query(value = """
            SELECT DISTINCT ON (purpose) * FROM consent_events
            WHERE subject = :subject AND type = 'CONSENT'
            ORDER BY purpose, seq DESC
            """, nativeQuery = true)
    List<ConsentEvent> latestPerPurpose(String subject);

    /**
     * The purposes {@code subject} currently gives. Asked on every request and job: one scan of the index
     * consent_events_by_purpose returning two columns, rather than whole ledger entries through the persistence
     * context.
     */
    default Set<Purpose> given(String subject) {
        Set<Purpose> given = EnumSet.noneOf(Purpose.class);
        givenPurposes(subject).forEach(slug -> given.add(Purpose.fromSlug(slug).orElseThrow()));
        return given;
    }

    /** The slugs of the purposes whose latest decision is GIVEN; see {@link #given}. */
    @Query(value = """
            SELECT purpose FROM (
                SELECT DISTINCT ON (purpose) purpose, state FROM consent_events
                WHERE subject = :subject AND type = 'CONSENT'
                ORDER BY purpose, seq DESC) latest
            WHERE state = 'GIVEN'
            """, nativeQuery = true)
    List<String> givenPurposes(String subject);
}
