package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.KeyType;
import io.cqrsrouting.shard.internal.Rows.MapRow;
import io.cqrsrouting.shard.internal.Rows.MappingRow;
import io.cqrsrouting.shard.internal.Rows.ShardRow;
import io.cqrsrouting.shard.internal.ShardMapStore;
import io.cqrsrouting.shard.internal.ShardStoreException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What range and list shard maps share: shards, mappings and their status. Every change is
 * written to the global shard map and to the shard's local map through the manager's operations
 * log, so a crash between the two is completed by the next operation or manager start.
 *
 * @param <K> the key type
 * @param <M> the mapping type
 */
public abstract sealed class ShardMap<K, M extends ShardMapping<K>> permits RangeShardMap, ListShardMap {

    final ShardMapStore store;
    final MapRow row;
    final Class<K> keyClass;

    ShardMap(ShardMapStore store, MapRow row, Class<K> keyClass) {
        this.store = store;
        this.row = row;
        this.keyClass = keyClass;
    }

    /** @return the map's name */
    public String name() {
        return row.name();
    }

    /** @return the class of its keys */
    public Class<K> keyType() {
        return keyClass;
    }

    /**
     * Adds a shard at {@code location}, creating the local shard map in that database.
     *
     * @throws ShardMapException if the map has a shard there, or the database cannot be reached
     */
    public Shard createShard(ShardLocation location) {
        return call(() -> new Shard(name(), store.addShard(row, location.primaryJdbcUrl(), location.replicaJdbcUrls())));
    }

    /** @return the map's shards, ordered by primary URL */
    public List<Shard> shards() {
        return call(() -> {
            List<Shard> out = new ArrayList<>();
            for (ShardRow s : store.shards(row.id())) {
                out.add(new Shard(name(), s));
            }
            return out;
        });
    }

    /**
     * Reads the mapping holding {@code key} from the global shard map (not a cache).
     *
     * @throws ShardMapException naming the map and key type if no mapping holds the key
     */
    public M getMappingForKey(K key) {
        byte[] encoded = encode(key);
        return call(() -> {
            MappingRow m = store.mappingFor(row.id(), encoded);
            if (m == null) {
                throw new ShardMapException("shard map " + name() + " has no mapping for the given "
                        + type().displayName() + " key");
            }
            return toMapping(m);
        });
    }

    /** @return every mapping, in key order */
    public List<M> mappings() {
        return call(() -> {
            List<Shard> shards = shards();
            List<M> out = new ArrayList<>();
            for (MappingRow m : store.mappings(row.id())) {
                out.add(toMapping(shardOf(shards, m), m));
            }
            return out;
        });
    }

    /**
     * Takes a mapping offline: from now on connections for its keys are refused with
     * {@link ShardMappingOfflineException}. The local shard map changes first, so a client whose
     * cache still says ONLINE is refused by validation.
     *
     * @return the mapping at its new version
     * @throws ShardMapException if the mapping changed since it was read
     */
    public M markMappingOffline(M mapping) {
        return setStatus(mapping, MappingStatus.OFFLINE);
    }

    /** Brings a mapping back online; see {@link #markMappingOffline}. */
    public M markMappingOnline(M mapping) {
        return setStatus(mapping, MappingStatus.ONLINE);
    }

    /**
     * Deletes an OFFLINE mapping (from the shard's local map first, then the global one).
     *
     * @throws ShardMapException if it is online or changed since it was read
     */
    public void deleteMapping(M mapping) {
        callVoid(() -> store.removeMapping(row, mapping.shard().row(), mapping.row()));
    }

    private M setStatus(M mapping, MappingStatus status) {
        return call(() -> toMapping(mapping.shard(), store.setStatus(row, mapping.shard().row(), mapping.row(),
                status.name())));
    }

    abstract M toMapping(Shard shard, MappingRow m);

    final M toMapping(MappingRow m) {
        return toMapping(shardOf(shards(), m), m);
    }

    private Shard shardOf(List<Shard> shards, MappingRow m) {
        for (Shard s : shards) {
            if (s.id().equals(m.shardId())) {
                return s;
            }
        }
        throw new ShardMapException("shard map " + name() + ": mapping " + m.id() + " names an unknown shard");
    }

    KeyType type() {
        return row.keyType();
    }

    /** Encodes a key of this map, or fails naming the map and key type (never the value). */
    final byte[] encode(Object key) {
        if (!type().accepts(key)) {
            throw new ShardMapException("shard map " + name() + " takes " + type().displayName() + " keys, not "
                    + (key == null ? "null" : key.getClass().getSimpleName()));
        }
        try {
            return type().encode(key);
        } catch (IllegalArgumentException e) {
            throw new ShardMapException("shard map " + name() + ": " + e.getMessage());
        }
    }

    interface SqlCall<T> {
        T call() throws SQLException;
    }

    interface SqlRun {
        void run() throws SQLException;
    }

    final <T> T call(SqlCall<T> c) {
        try {
            return c.call();
        } catch (ShardStoreException e) {
            throw new ShardMapException(e.getMessage(), e.getCause());
        } catch (SQLException e) {
            throw new ShardMapException("shard map " + name() + ": " + e.getMessage(), e);
        }
    }

    final void callVoid(SqlRun r) {
        call(() -> {
            r.run();
            return null;
        });
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + ", " + type().displayName() + " keys]";
    }
}
