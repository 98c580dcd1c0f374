package io.cqrsrouting.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens the monitor's connection to one endpoint, with short timeouts. */
public interface ProbeSource {
    /**
     * @return a new connection for probing
     * @throws SQLException if the endpoint cannot be reached
     */
    Connection open() throws SQLException;

    /**
     * @return whether {@link #open()} borrows from a pool the monitor does not own: then the
     *     monitor returns the connection after every probe with {@code close()} and never aborts
     *     it, so the pool always gets its slot back
     */
    default boolean borrowed() {
        return false;
    }
}
