package io.cqrsrouting.core;

/** Where a statement runs: the read-write primary or a read-only replica. */
public enum Route {
    /** The read-write primary. */
    PRIMARY,
    /** A read-only replica (or the primary standing in for it when no replica is eligible). */
    REPLICA
}
