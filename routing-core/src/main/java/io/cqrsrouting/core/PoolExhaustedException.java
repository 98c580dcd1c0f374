package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A pool could not hand out a connection within its connection timeout because all of its
 * connections were in use: the endpoint is healthy and busy. This is load, not failure: the
 * router does not mark the endpoint down, evict its pool, abort other connections or enter
 * writes-unavailable mode. Nothing was sent to the database, so repeating the call is safe; the
 * failure classifier reports it as {@code TRANSIENT} with nothing applied.
 *
 * <p>The message names the endpoint and the pool's size and occupancy (never credentials).
 */
public final class PoolExhaustedException extends SQLTransientConnectionException {

    private static final long serialVersionUID = 1L;

    private final String endpoint;

    PoolExhaustedException(Endpoint endpoint, SQLException cause) {
        super("pool exhausted: no connection to " + endpoint.name() + " (" + endpoint.description()
                + ") became free within the pool's connection timeout; " + endpoint.poolState()
                + ". The endpoint is healthy and stays in use; retry later, or size the pool for"
                + " the load", null, 0, cause);
        this.endpoint = endpoint.name();
    }

    /** @return the name of the endpoint whose pool was exhausted ({@code primary}, {@code replica-1}, ...) */
    public String endpoint() {
        return endpoint;
    }

    /**
     * A pool wait timeout with no connection failure behind it: HikariCP's "Connection is not
     * available, request timed out" carries the pool's last failure to create a connection as
     * its cause (and its SQLState), and nothing when the pool could connect but every connection
     * was busy.
     */
    static boolean isPoolWaitTimeout(SQLException e) {
        return e instanceof SQLTransientConnectionException && !(e instanceof PoolExhaustedException)
                && e.getCause() == null && e.getSQLState() == null;
    }
}
