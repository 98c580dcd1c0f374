package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.ShardMapStore;

/**
 * A shard map of single keys (a tenant id per shard, say). A key is mapped at most once.
 *
 * @param <K> the key type
 */
public final class ListShardMap<K> extends ShardMap<K, PointMapping<K>> {

    ListShardMap(ShardMapStore store, MapRow row, Class<K> keyClass) {
        super(store, row, keyClass);
    }

    /**
     * Maps {@code key} to {@code shard}, ONLINE.
     *
     * @throws ShardMapException if the key is mapped already
     */
    public PointMapping<K> createPointMapping(K key, Shard shard) {
        byte[] low = encode(key);
        if (!shard.mapName().equals(name())) {
            throw new ShardMapException("shard map " + name() + ": the shard belongs to map " + shard.mapName());
        }
        return call(() -> new PointMapping<>(shard, store.addMapping(row, shard.row(), low, KeyType.successor(low),
                "shard map " + name() + ": the " + type().displayName() + " key is mapped already"), key));
    }

    @Override
    @SuppressWarnings("unchecked")
    PointMapping<K> toMapping(Shard shard, MappingRow m) {
        return new PointMapping<>(shard, m, (K) type().decode(m.low()));
    }
}
