package dev.camroll.runtime;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Whether a failure came from the database or the object store not answering, rather than from the request or the
 * job: somewhere in its causes a refused or dropped connection, a connection the pool could not get, or PostgreSQL
 * shutting down or starting up. Such failures end when the outage does: a job retries without using up its attempts,
 * and a request answers {@code 503} with {@code Retry-After} instead of an internal error.
 */
public final class Outages {

    private Outages() {}

    public static boolean isOutage(Throwable failure) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SocketException // ConnectException (refused) and connection resets
                    || cause instanceof SocketTimeoutException
                    || cause instanceof SQLTransientConnectionException // the pool timed out waiting for a connection
                    || cause instanceof SQLRecoverableException
                    || cause
                            instanceof DataAccessResourceFailureException // CannotGetJdbcConnectionException among them
                    || cause instanceof CannotCreateTransactionException
                    // The object store's HTTP client: the server closed the connection without an answer.
                    || cause.getClass().getSimpleName().equals("NoHttpResponseException")) {
                return true;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions; 57P01 to 57P03: the server is shutting down, crashed, or not yet up.
                if (state.startsWith("08") || state.startsWith("57P0")) {
                    return true;
                }
            }
        }
        return false;
    }
}
