package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

/**
 * One key of a {@link ListShardMap} mapped to a shard.
 *
 * @param <K> the key type
 */
public final class PointMapping<K> extends ShardMapping<K> {

    private final K key;

    PointMapping(Shard shard, MappingRow row, K key) {
        super(shard, row);
        this.key = key;
    }

    /** @return the mapped key */
    public K key() {
        return key;
    }
}
