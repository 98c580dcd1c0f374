package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;
import io.cqrsrouting.core.internal.EndpointMonitor;
import io.cqrsrouting.core.internal.ProbeConnections;
import io.cqrsrouting.core.internal.ProbeSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds a router's health monitor: one probe source per endpoint, events to its cluster state. */
final class Monitors {

    private static final Logger LOG = LoggerFactory.getLogger(RoutingDataSource.class);

    private Monitors() {
    }

    /**
     * @return the monitor, not started yet
     */
    static EndpointMonitor create(RouterSettings settings, Endpoint primary, Endpoint[] replicas,
            ClusterState state) {
        // In cluster mode the nodes are the replicas array (the primary is one of them).
        boolean clusterMode = settings.clusterMode();
        int offset = clusterMode ? 0 : 1;
        Endpoint[] all = new Endpoint[replicas.length + offset];
        ProbeSource[] sources = new ProbeSource[all.length];
        if (!clusterMode) {
            all[0] = primary;
            sources[0] = probeSource(settings, primary, settings.primaryCredentials());
        }
        for (int i = 0; i < replicas.length; i++) {
            all[i + offset] = replicas[i];
            sources[i + offset] = probeSource(settings, replicas[i],
                    settings.replicaCredentials()[i]);
        }
        return new EndpointMonitor(settings.clusterName(), all, sources, settings.dialect(),
                settings.monitorInterval().toMillis(), (int) settings.probeTimeout().toMillis(),
                state, e -> e == state.writer());
    }

    private static ProbeSource probeSource(RouterSettings settings, Endpoint endpoint,
            EndpointSpec.Credentials creds) {
        long timeout = settings.probeTimeout().toMillis();
        ProbeSource source = creds == null
                ? ProbeConnections.forEndpoint(endpoint, null, null, null, timeout)
                : ProbeConnections.forEndpoint(endpoint, creds.url(), creds.username(),
                        creds.password(), timeout);
        if (source.borrowed()) {
            LOG.warn("cqrs-routing [{}]: the monitor has no connection of its own to {} ({}):"
                    + " it borrows one connection from that pool per probe and returns it. Give"
                    + " a HikariDataSource with a jdbcUrl, or a probe DataSource in the builder,"
                    + " to keep the monitor out of the application's pool",
                    settings.clusterName(), endpoint.name(), endpoint.description());
        }
        return source;
    }
}
