package dev.camroll.storage.internal;

import java.time.Duration;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The object_reconciler row: when the next pass is due, and the lease of the pass running now, so that one instance
 * at a time runs it however many there are (the job queue alone would not stop a second attempt of a long pass).
 */
// JdbcClient, not JPA: each call is one conditional UPDATE whose row count says who won, with the database's now().
@Component
class ReconcilerLease {

    private final JdbcClient jdbc;

    ReconcilerLease(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Moves the due time on by {@code interval} if the pass is due; true for the one caller that did. */
    boolean claimDue(Duration interval) {
        return jdbc.sql("""
                UPDATE object_reconciler SET due_at = now() + make_interval(secs => ?) WHERE due_at <= now()
                """).param(interval.toSeconds()).update() == 1;
    }

    /** Takes the lease for {@code holder} unless another holds it. */
    boolean take(String holder, Duration lease) {
        return jdbc.sql("""
                UPDATE object_reconciler SET holder = ?, held_until = now() + make_interval(secs => ?)
                WHERE holder IS NULL OR held_until < now()
                """).params(holder, lease.toSeconds()).update() == 1;
    }

    /** Keeps the lease; false when it ran out and another took it. */
    boolean renew(String holder, Duration lease) {
        return jdbc.sql("UPDATE object_reconciler SET held_until = now() + make_interval(secs => ?) WHERE holder = ?")
                        .params(lease.toSeconds(), holder)
                        .update()
                == 1;
    }

    void release(String holder) {
        jdbc.sql("UPDATE object_reconciler SET holder = NULL, held_until = NULL WHERE holder = ?")
                .param(holder)
                .update();
    }
}
