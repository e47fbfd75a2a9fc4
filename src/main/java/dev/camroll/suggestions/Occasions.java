package dev.camroll.suggestions;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The {@code occasions} table: the dates each user wants remembered, in the order given. */
@Component
class Occasions {

    private final JdbcClient jdbc;

    Occasions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<OccasionController.Occasion> of(String subject) {
        return jdbc.sql("SELECT label, kind, month, day FROM occasions WHERE subject = ? ORDER BY position")
                .param(subject)
                .query((rs, n) -> new OccasionController.Occasion(
                        rs.getString(1), OccasionController.Kind.valueOf(rs.getString(2)), rs.getInt(3), rs.getInt(4)))
                .list();
    }

    /** Replaces the user's occasions, in the caller's transaction. */
    void replace(String subject, List<OccasionController.Occasion> occasions) {
        jdbc.sql("DELETE FROM occasions WHERE subject = ?").param(subject).update();
        for (int i = 0; i < occasions.size(); i++) {
            OccasionController.Occasion occasion = occasions.get(i);
            jdbc.sql("INSERT INTO occasions (subject, position, label, kind, month, day) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(
                            subject,
                            i,
                            occasion.label().strip(),
                            occasion.kind().name(),
                            occasion.month(),
                            occasion.day())
                    .update();
        }
    }
}
