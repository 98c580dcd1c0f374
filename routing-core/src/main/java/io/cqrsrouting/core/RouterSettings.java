package io.cqrsrouting.core;

import io.cqrsrouting.dialect.Dialect;

import java.time.Duration;
import java.util.List;

/** The validated, immutable settings a {@link RoutingDataSource} runs with. */
record RouterSettings(String clusterName, Dialect dialect, Route defaultRoute,
        long maxStalenessMillis, ReplicaSelection selection, NoReplicaPolicy noReplicaPolicy,
        boolean trackWrites, ReadsAfterWrite readsAfterWrite, boolean monitor,
        Duration monitorInterval, Duration probeTimeout,
        EndpointSpec.Credentials[] replicaCredentials,
        EndpointSpec.Credentials primaryCredentials, byte[] tokenSigningKey,
        boolean clusterMode, long maxReadYourWritesWaitMillis, List<byte[]> acceptedTokenKeys,
        double primaryReadShare) {

    static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        return "RouterSettings[cluster=" + clusterName + ", dialect="
                + (dialect == null ? "auto" : dialect.name()) + ", defaultRoute=" + defaultRoute
                + ", maxStalenessMillis=" + maxStalenessMillis + ", selection=" + selection
                + ", whenNoReplica=" + noReplicaPolicy + ", readsAfterWrite=" + readsAfterWrite
                + ", primaryReadShare=" + primaryReadShare + "]";
    }

    /** Named steps for the record (filled by {@link RoutingDataSourceBuilder} after validation). */
    static final class Builder {
        private String clusterName;
        private Dialect dialect;
        private Route defaultRoute;
        private long maxStalenessMillis = -1;
        private ReplicaSelection selection;
        private NoReplicaPolicy noReplicaPolicy;
        private boolean trackWrites;
        private ReadsAfterWrite readsAfterWrite;
        private boolean monitor;
        private Duration monitorInterval;
        private Duration probeTimeout;
        private EndpointSpec.Credentials[] replicaCredentials;
        private EndpointSpec.Credentials primaryCredentials;
        private byte[] tokenSigningKey;
        private boolean clusterMode;
        private long maxReadYourWritesWaitMillis;
        private List<byte[]> acceptedTokenKeys = List.of();
        private double primaryReadShare;

        Builder clusterName(String v) { clusterName = v; return this; }
        Builder dialect(Dialect v) { dialect = v; return this; }
        Builder defaultRoute(Route v) { defaultRoute = v; return this; }
        Builder maxStalenessMillis(long v) { maxStalenessMillis = v; return this; }
        Builder selection(ReplicaSelection v) { selection = v; return this; }
        Builder noReplicaPolicy(NoReplicaPolicy v) { noReplicaPolicy = v; return this; }
        Builder trackWrites(boolean v) { trackWrites = v; return this; }
        Builder readsAfterWrite(ReadsAfterWrite v) { readsAfterWrite = v; return this; }
        Builder monitor(boolean v) { monitor = v; return this; }
        Builder monitorInterval(Duration v) { monitorInterval = v; return this; }
        Builder probeTimeout(Duration v) { probeTimeout = v; return this; }
        Builder replicaCredentials(EndpointSpec.Credentials[] v) {
            replicaCredentials = v;
            return this;
        }
        Builder primaryCredentials(EndpointSpec.Credentials v) {
            primaryCredentials = v;
            return this;
        }
        Builder tokenSigningKey(byte[] v) { tokenSigningKey = v; return this; }
        Builder clusterMode(boolean v) { clusterMode = v; return this; }
        Builder maxReadYourWritesWaitMillis(long v) { maxReadYourWritesWaitMillis = v; return this; }
        Builder acceptedTokenKeys(List<byte[]> v) { acceptedTokenKeys = List.copyOf(v); return this; }
        Builder primaryReadShare(double v) { primaryReadShare = v; return this; }

        RouterSettings build() {
            return new RouterSettings(clusterName, dialect, defaultRoute, maxStalenessMillis,
                    selection, noReplicaPolicy, trackWrites, readsAfterWrite, monitor,
                    monitorInterval, probeTimeout, replicaCredentials, primaryCredentials,
                    tokenSigningKey, clusterMode, maxReadYourWritesWaitMillis, acceptedTokenKeys,
                    primaryReadShare);
        }
    }
}
