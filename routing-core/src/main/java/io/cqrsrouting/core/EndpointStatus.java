package io.cqrsrouting.core;

import io.cqrsrouting.dialect.NodeRole;
import io.cqrsrouting.core.internal.Endpoint;

/**
 * The state of one endpoint as the monitor last saw it. Holds no credentials: the description is
 * the endpoint's JDBC URL with secrets masked, or the type of the DataSource given.
 *
 * @param name the endpoint's short name ({@code primary}, {@code replica-1}, ...)
 * @param description masked URL or DataSource type
 * @param declaredRoute the route it was configured for
 * @param reachable whether the last probe (or use) reached it
 * @param role what the database said it is
 * @param lagMillis measured replica lag in milliseconds, {@code -1} if unknown
 * @param served connections handed out from it by the router so far
 * @param positionsUnavailable why the monitor cannot read this endpoint's log positions and what
 *     would fix it (SQL Server: the missing {@code GRANT}), or {@code null} when it can
 */
public record EndpointStatus(String name, String description, Route declaredRoute,
        boolean reachable, NodeRole role, long lagMillis, long served,
        String positionsUnavailable) {

    /**
     * A status with readable positions.
     *
     * @param name see the record
     * @param description see the record
     * @param declaredRoute see the record
     * @param reachable see the record
     * @param role see the record
     * @param lagMillis see the record
     * @param served see the record
     */
    public EndpointStatus(String name, String description, Route declaredRoute,
            boolean reachable, NodeRole role, long lagMillis, long served) {
        this(name, description, declaredRoute, reachable, role, lagMillis, served, null);
    }

    static EndpointStatus of(Endpoint e, Route declared) {
        return new EndpointStatus(e.name(), e.description(), declared, e.reachable(), e.role(),
                e.lagMillis(), e.servedCount(), e.positionsUnavailable());
    }
}
