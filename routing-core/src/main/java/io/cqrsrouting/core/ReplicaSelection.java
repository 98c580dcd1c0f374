package io.cqrsrouting.core;

/** How a replica read picks among several eligible replicas. */
public enum ReplicaSelection {
    /** Each read takes the next eligible replica in turn (default). */
    ROUND_ROBIN,
    /** Each read takes the eligible replica with the smallest measured lag. */
    LEAST_LAG,
    /** Round-robin in proportion to the weights given to the replicas. */
    WEIGHTED
}
