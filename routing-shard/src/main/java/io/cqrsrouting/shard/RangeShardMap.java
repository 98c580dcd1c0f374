package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.ShardMapStore;

/**
 * A shard map of half-open key ranges. Ranges never overlap: a range that intersects an existing
 * mapping is refused.
 *
 * @param <K> the key type
 */
public final class RangeShardMap<K> extends ShardMap<K, RangeMapping<K>> {

    RangeShardMap(ShardMapStore store, MapRow row, Class<K> keyClass) {
        super(store, row, keyClass);
    }

    /**
     * Maps {@code range} to {@code shard}, ONLINE.
     *
     * @throws ShardMapException if the range is empty or overlaps a mapping of this map
     */
    public RangeMapping<K> createRangeMapping(Range<K> range, Shard shard) {
        byte[] low = encode(range.low());
        byte[] high = range.unbounded() ? null : encode(range.high());
        if (high != null && type().compare(range.low(), range.high()) >= 0) {
            throw new ShardMapException("shard map " + name() + ": a range's low must be below its high ("
                    + type().displayName() + " keys)");
        }
        checkShard(shard);
        return call(() -> new RangeMapping<>(shard, store.addMapping(row, shard.row(), low, high,
                "shard map " + name() + ": the range overlaps an existing mapping (" + type().displayName()
                        + " keys)"), range));
    }

    void checkShard(Shard shard) {
        if (!shard.mapName().equals(name())) {
            throw new ShardMapException("shard map " + name() + ": the shard belongs to map " + shard.mapName());
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    RangeMapping<K> toMapping(Shard shard, MappingRow m) {
        K low = (K) type().decode(m.low());
        K high = m.high() == null ? null : (K) type().decode(m.high());
        return new RangeMapping<>(shard, m, high == null ? Range.from(low) : Range.of(low, high));
    }
}
