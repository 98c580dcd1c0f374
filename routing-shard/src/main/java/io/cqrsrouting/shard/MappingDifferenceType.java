package io.cqrsrouting.shard;

/** Where a sub-range of keys is mapped, when a shard's local map and the global map disagree. */
public enum MappingDifferenceType {
    /** The global map maps the range to the shard; the shard's local map does not map it. */
    GLOBAL_ONLY,
    /** The shard's local map maps the range; the global map maps it to no shard. */
    SHARD_ONLY,
    /**
     * Both map the range, with different mappings: another id, version or status, or the global
     * map gives the range to another shard.
     */
    CONFLICT
}
