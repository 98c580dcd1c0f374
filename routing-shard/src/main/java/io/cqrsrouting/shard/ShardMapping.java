package io.cqrsrouting.shard;

import io.cqrsrouting.shard.internal.Rows.MappingRow;

import java.util.UUID;

/**
 * A mapping of keys to a shard, as read from the global shard map at one version. Immutable:
 * a status change returns the mapping at its new version. {@code toString()} shows no key.
 *
 * @param <K> the key type
 */
public abstract sealed class ShardMapping<K> permits RangeMapping, PointMapping {

    private final Shard shard;
    private final MappingRow row;

    ShardMapping(Shard shard, MappingRow row) {
        this.shard = shard;
        this.row = row;
    }

    /** @return the mapping's id (stable across versions) */
    public UUID id() {
        return row.id();
    }

    /** @return the shard that holds the mapped keys */
    public Shard shard() {
        return shard;
    }

    /** @return ONLINE or OFFLINE */
    public MappingStatus status() {
        return MappingStatus.valueOf(row.status());
    }

    /** @return the version; it changes on every update of the mapping */
    public long version() {
        return row.version();
    }

    MappingRow row() {
        return row;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ShardMapping<?> m && m.getClass() == getClass() && m.row.id().equals(row.id())
                && m.row.version() == row.version();
    }

    @Override
    public int hashCode() {
        return row.id().hashCode() * 31 + Long.hashCode(row.version());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + row.id() + " v" + row.version() + " " + row.status() + " -> "
                + shard.location().primaryJdbcUrl() + "]";
    }
}
