package dev.camroll.consent;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;

/** Reads of the ledger; appends go through {@link ConsentLedger}. */
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
}
