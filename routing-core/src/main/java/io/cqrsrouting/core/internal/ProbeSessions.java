package io.cqrsrouting.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens and lets go of the monitor's probe connections: each with the probe's network timeout and
 * in autocommit; an own connection is aborted when let go (it may hang on a dead node), one
 * borrowed from the application's pool is closed, which gives the slot back (an aborted pooled
 * connection would stay counted as in use).
 */
final class ProbeSessions {

    private final ProbeSource[] sources;
    private final int timeoutMillis;

    ProbeSessions(ProbeSource[] sources, int timeoutMillis) {
        this.sources = sources;
        this.timeoutMillis = timeoutMillis;
    }

    /** @return a connection to endpoint {@code index}, ready to probe */
    Connection open(int index) throws SQLException {
        Connection c = sources[index].open();
        try {
            c.setNetworkTimeout(Runnable::run, timeoutMillis);
            c.setAutoCommit(true);
            return c;
        } catch (SQLException | RuntimeException e) {
            release(index, c);
            throw e;
        }
    }

    /** Lets go of a probe connection of endpoint {@code index}; {@code null} is ignored. */
    void release(int index, Connection c) {
        if (c == null) {
            return;
        }
        if (sources[index].borrowed()) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // the pool discards a broken connection itself
            }
        } else {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException ignored) {
                // the connection is being thrown away
            }
        }
    }
}
