package io.cqrsrouting.spring.metrics;

import io.cqrsrouting.core.EndpointStatus;
import io.cqrsrouting.core.Route;

/**
 * Splits one endpoint's count of served connections by route. In cluster mode a node serves the
 * primary route while it takes writes and the replica route otherwise; the router counts its
 * connections in one total, so each sample attributes what was served since the previous sample to
 * the route the node has now. Exact in endpoint mode (routes never change); in cluster mode only
 * the connections served between the last scrape and a failover can land on the wrong route.
 */
final class EndpointTraffic {

    private long lastServed;
    private long primary;
    private long replica;

    /**
     * @param status the endpoint's current status, or null if the router no longer lists it
     * @param route the route to report
     * @return the total served on {@code route} so far
     */
    synchronized double count(EndpointStatus status, Route route) {
        if (status != null) {
            long delta = status.served() - lastServed;
            lastServed = status.served();
            if (status.declaredRoute() == Route.PRIMARY) {
                primary += delta;
            } else {
                replica += delta;
            }
        }
        return route == Route.PRIMARY ? primary : replica;
    }
}
