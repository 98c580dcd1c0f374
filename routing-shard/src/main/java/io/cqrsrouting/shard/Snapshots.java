package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.MappingCache;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;

import java.sql.SQLException;
import java.util.List;

/** The client's copy of one shard map: replaced as a whole on refresh, read without locks. */
final class Snapshots {

    record Snapshot(MappingCache cache, ShardRow[] shards) {
    }

    private final ShardMap<?, ?> map;
    private volatile Snapshot current;

    Snapshots(ShardMap<?, ?> map) {
        this.map = map;
    }

    Snapshot current() {
        return current;
    }

    /**
     * Re-reads the map from the GSM, unless another thread already replaced {@code seen}.
     *
     * @param seen the snapshot the caller found stale, or {@code null} to refresh unconditionally
     */
    synchronized Snapshot refresh(Snapshot seen) {
        Snapshot now = current;
        if (seen != null && now != seen) {
            return now;
        }
        try {
            List<ShardRow> shards = map.store.shards(map.row.id());
            List<MappingRow> mappings = map.store.mappings(map.row.id());
            int[] index = new int[mappings.size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = indexOf(shards, mappings.get(i));
            }
            Snapshot fresh = new Snapshot(new MappingCache(map.type(), map instanceof ListShardMap, mappings, index),
                    shards.toArray(new ShardRow[0]));
            current = fresh;
            return fresh;
        } catch (SQLException e) {
            throw new ShardMapException("cannot read shard map " + map.name() + " from the global shard map: "
                    + e.getMessage(), e);
        }
    }

    private int indexOf(List<ShardRow> shards, MappingRow m) {
        for (int i = 0; i < shards.size(); i++) {
            if (shards.get(i).id().equals(m.shardId())) {
                return i;
            }
        }
        throw new ShardMapException("shard map " + map.name() + ": mapping " + m.id() + " names an unknown shard");
    }
}
