package io.cqrsrouting.core;

import io.cqrsrouting.core.internal.Endpoint;

/** Why a replica read was served by the primary (or failed, with {@link NoReplicaPolicy#FAIL}). */
public enum FallbackReason {
    /** The router has no replica configured. */
    NO_REPLICA_CONFIGURED("no replica is configured"),
    /** Every replica is unreachable. */
    ALL_REPLICAS_DOWN("every replica is unreachable"),
    /** Every reachable replica lags past the read's staleness bound (or its lag is unknown). */
    STALENESS_BOUND("every reachable replica lags past the staleness bound"),
    /** No reachable replica has replayed the caller's last write yet. */
    BEHIND_TOKEN("no replica has replayed the caller's last write yet");

    private final String description;

    FallbackReason(String description) {
        this.description = description;
    }

    /** @return a sentence for messages and logs */
    public String describe() {
        return description;
    }

    static FallbackReason of(Endpoint[] replicas, long bound, long token) {
        if (replicas.length == 0) {
            return NO_REPLICA_CONFIGURED;
        }
        boolean anyReachable = false;
        boolean anyFresh = false;
        for (Endpoint e : replicas) {
            if (e.reachable()) {
                anyReachable = true;
                long lag = e.lagMillis();
                anyFresh |= bound < 0 || (lag >= 0 && lag <= bound);
            }
        }
        if (!anyReachable) {
            return ALL_REPLICAS_DOWN;
        }
        if (!anyFresh) {
            return STALENESS_BOUND;
        }
        return token >= 0 ? BEHIND_TOKEN : STALENESS_BOUND;
    }
}
