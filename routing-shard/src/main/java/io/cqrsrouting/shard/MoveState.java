package io.cqrsrouting.shard;

/** Where a move stands. */
public enum MoveState {
    /** Copying or switching batches. */
    RUNNING,
    /** Every batch moved, the source rows deleted, the mappings coalesced. */
    COMPLETED,
    /** Stopped by {@link MoveOperation#cancel()}: batches not yet switched stay on the source. */
    CANCELLED,
    /** A step failed (see the detail); {@link ShardMover#resume(String)} continues, {@code cancel} rolls back. */
    FAILED
}
