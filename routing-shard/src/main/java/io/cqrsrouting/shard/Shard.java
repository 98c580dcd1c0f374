package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.Rows.ShardRow;

import java.util.UUID;

/** One shard of a shard map: a database (primary plus replicas) at a {@link ShardLocation}. */
public final class Shard {

    private final String mapName;
    private final ShardRow row;
    private final ShardLocation location;

    Shard(String mapName, ShardRow row) {
        this.mapName = mapName;
        this.row = row;
        this.location = ShardLocation.of(row.primaryUrl()).withReplicas(row.replicaUrls().toArray(new String[0]));
    }

    /** @return the shard's id in the map */
    public UUID id() {
        return row.id();
    }

    /** @return the name of the shard map it belongs to */
    public String mapName() {
        return mapName;
    }

    /** @return where it lives */
    public ShardLocation location() {
        return location;
    }

    ShardRow row() {
        return row;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shard s && s.row.id().equals(row.id());
    }

    @Override
    public int hashCode() {
        return row.id().hashCode();
    }

    @Override
    public String toString() {
        return "Shard[" + mapName + " @ " + location.primaryJdbcUrl() + "]";
    }
}
