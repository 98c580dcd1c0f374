package io.cqrsrouting.shard;

/** How {@link RecoveryManager#resolveMappingDifferences} settles one difference. */
public enum MappingDifferenceResolution {
    /**
     * The shard's local map wins: the global map (and, if the range belonged to another shard in
     * it, that shard's local map) takes the shard's mapping. Use after a point-in-time restore
     * or a geo-failover of a shard: routing then follows the data that is actually there.
     */
    KEEP_SHARD_MAPPING,
    /**
     * The global map wins: the shard's local map takes the global mapping, or loses the range if
     * the global map gives it to no shard or to another one.
     */
    KEEP_GLOBAL_MAPPING,
    /** Leave the difference as it is; nothing is written. */
    IGNORE
}
