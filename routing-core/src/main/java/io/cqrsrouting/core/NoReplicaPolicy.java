package io.cqrsrouting.core;

/** What a replica read does when no replica is eligible. */
public enum NoReplicaPolicy {
    /** Read from the primary instead (default). Every fallback is counted with its reason. */
    FALLBACK_TO_PRIMARY,
    /** Fail at once with {@link NoReplicaAvailableException}. */
    FAIL
}
