package io.cqrsrouting.core;

import io.cqrsrouting.dialect.Dialect;

import java.time.Duration;

/** The validated, immutable settings a {@link RoutingDataSource} runs with. */
record RouterSettings(String clusterName, Dialect dialect, Route defaultRoute,
        long maxStalenessMillis, ReplicaSelection selection, NoReplicaPolicy noReplicaPolicy,
        boolean trackWrites, ReadsAfterWrite readsAfterWrite, boolean monitor, Duration monitorInterval, Duration probeTimeout,
        RoutingDataSourceBuilder.Credentials[] replicaCredentials,
        RoutingDataSourceBuilder.Credentials primaryCredentials, byte[] tokenSigningKey,
        boolean clusterMode) {

    @Override
    public String toString() {
        return "RouterSettings[cluster=" + clusterName + ", dialect="
                + (dialect == null ? "auto" : dialect.name()) + ", defaultRoute=" + defaultRoute
                + ", maxStalenessMillis=" + maxStalenessMillis + ", selection=" + selection
                + ", whenNoReplica=" + noReplicaPolicy + ", readsAfterWrite=" + readsAfterWrite + "]";
    }
}
