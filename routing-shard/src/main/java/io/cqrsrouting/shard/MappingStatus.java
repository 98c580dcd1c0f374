package io.cqrsrouting.shard;

/** Whether connections for a mapping's keys are handed out. */
public enum MappingStatus {
    /** Connections for its keys are handed out (after validation against the shard's local map). */
    ONLINE,
    /** Connections for its keys are refused with {@link ShardMappingOfflineException}. */
    OFFLINE
}
