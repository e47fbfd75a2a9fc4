package dev.camroll.suggestions.internal;

import java.util.List;
import java.util.stream.IntStream;

import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.Repository;
import org.springframework.transaction.annotation.Transactional;

/** The {@code occasions} table, its one owner: the dates each user wants remembered, in the order given. */
interface Occasions extends Repository<StoredOccasion, StoredOccasion.Key> {

    List<StoredOccasion> findBySubjectOrderByPosition(String subject);

    StoredOccasion save(StoredOccasion occasion);

    /**
     * Deletes the user's occasions and answers how many; one statement, before any insert of the same keys (Hibernate
     * would flush removed entities after new ones).
     */
    @Transactional
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("DELETE FROM StoredOccasion o WHERE o.subject = :subject")
    int deleteBySubject(String subject);

    /** The user's occasions, in the order given. */
    default List<Occasion> of(String subject) {
        return findBySubjectOrderByPosition(subject).stream()
                .map(StoredOccasion::occasion)
                .toList();
    }

    /** Replaces the user's occasions, in the caller's transaction. */
    default void replace(String subject, List<Occasion> occasions) {
        deleteBySubject(subject);
        IntStream.range(0, occasions.size()).forEach(i -> save(new StoredOccasion(subject, i, occasions.get(i))));
    }
}
