package io.cqrsrouting.core;

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
 */
public record EndpointStatus(String name, String description, Route declaredRoute,
        boolean reachable, NodeRole role, long lagMillis, long served) {

    static EndpointStatus of(Endpoint e, Route declared) {
        return new EndpointStatus(e.name(), e.description(), declared, e.reachable(), e.role(),
                e.lagMillis(), e.served().sum());
    }
}
