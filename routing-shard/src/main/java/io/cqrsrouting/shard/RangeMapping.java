package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

/**
 * A range {@code [low, high)} of a {@link RangeShardMap} mapped to a shard.
 *
 * @param <K> the key type
 */
public final class RangeMapping<K> extends ShardMapping<K> {

    private final Range<K> range;

    RangeMapping(Shard shard, MappingRow row, Range<K> range) {
        super(shard, row);
        this.range = range;
    }

    /** @return the mapped range */
    public Range<K> range() {
        return range;
    }
}
