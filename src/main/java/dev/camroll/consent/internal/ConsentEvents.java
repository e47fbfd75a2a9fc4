package dev.camroll.consent.internal;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import org.springframework.data.domain.Limit;
import org.springframework.data.repository.Repository;

/**
 * The owner of {@code consent_events}, with {@link LatestDecisions} (the latest decision per purpose, in plain SQL):
 * every read of ledger entries; appends go through {@link ConsentLedger}, which persists the {@link ConsentEvent} it
 * links into the chain.
 */
interface ConsentEvents extends Repository<ConsentEvent, UUID> {

    Optional<ConsentEvent> findByEventIdAndSubject(UUID eventId, String subject);

    List<ConsentEvent> findBySubjectAndSeqGreaterThanOrderBySeqAsc(String subject, long seq, Limit limit);

    Stream<ConsentEvent> streamBySubjectOrderBySeqAsc(String subject);

    Stream<ConsentEvent> streamBySubjectAndSeqGreaterThanOrderBySeqAsc(String subject, long seq);

    Optional<ConsentEvent> findBySubjectAndSeq(String subject, long seq);
}
