package io.cqrsrouting.core.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens the monitor's own connection to one endpoint, with short timeouts. */
@FunctionalInterface
public interface ProbeSource {
    /**
     * @return a new connection for probing
     * @throws SQLException if the endpoint cannot be reached
     */
    Connection open() throws SQLException;
}
